package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSslContextTest {
  private static final Path CERTIFICATE = SyslogTestServer.resource("syslog-tls/cert.pem");
  private static final Path KEY = SyslogTestServer.resource("syslog-tls/key.pem");

  @TempDir Path directory;

  @Test
  void loadsACertificateAndAPkcs8Key() {
    SSLContext context = PemSslContext.load(CERTIFICATE, KEY);

    assertThat(context.getServerSocketFactory().getDefaultCipherSuites()).isNotEmpty();
  }

  @Test
  void refusesAPkcs1KeyWithTheCommandThatConvertsIt() {
    Path pkcs1 = SyslogTestServer.resource("syslog-tls/rsa-pkcs1-key.pem");

    assertThatThrownBy(() -> PemSslContext.load(CERTIFICATE, pkcs1))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessage(
            "no unencrypted PKCS #8 private key (BEGIN PRIVATE KEY) in "
                + pkcs1
                + "; convert it with: openssl pkey -in "
                + pkcs1
                + " -out key.pem");
  }

  @Test
  void refusesAKeyThatDoesNotGoWithTheCertificate() {
    for (String name : new String[] {"rsa-pkcs8-key.pem", "other-ec-key.pem"}) {
      Path otherKey = SyslogTestServer.resource("syslog-tls/" + name);

      assertThatThrownBy(() -> PemSslContext.load(CERTIFICATE, otherKey))
          .isInstanceOf(LoupeException.class)
          .hasMessage(
              "the key in "
                  + otherKey
                  + " does not go with the first certificate in "
                  + CERTIFICATE
                  + "; give the key the certificate was made for");
    }
  }

  @Test
  void saysWhichFileIsMissingOrEmpty() throws Exception {
    Path missing = directory.resolve("missing.pem");
    Path empty = Files.writeString(directory.resolve("empty.pem"), "");

    assertThatThrownBy(() -> PemSslContext.load(missing, KEY))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("cannot read the certificate chain " + missing);
    assertThatThrownBy(() -> PemSslContext.load(empty, KEY))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining(empty.toString());
    assertThatThrownBy(() -> PemSslContext.load(CERTIFICATE, missing))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("cannot read the private key " + missing);
  }

  @Test
  void saysWhenTheKeyIsNotBase64() throws Exception {
    Path broken =
        Files.writeString(
            directory.resolve("broken.pem"),
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemSslContext.load(CERTIFICATE, broken))
        .isInstanceOf(LoupeException.class)
        .hasMessage("the private key in " + broken + " is not valid base64");
  }
}
