package dev.loupe.server;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server-side TLS context from the two PEM files every syslog daemon and certificate tool
 * produces: a certificate chain (the server's certificate first) and an unencrypted PKCS #8 private
 * key ({@code -----BEGIN PRIVATE KEY-----}) of type RSA, EC or Ed25519. The JDK reads PEM
 * certificates itself; the key's base64 body is read here, with no dependency. Older key formats
 * ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}) and encrypted keys are refused with
 * the openssl command that converts them.
 */
final class PemSslContext {
  private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
  private static final String END_KEY = "-----END PRIVATE KEY-----";
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
  private static final char[] NO_PASSWORD = new char[0];

  private PemSslContext() {}

  /**
   * @throws LoupeException BAD_REQUEST naming the file and how to fix it, when a file cannot be
   *     read or holds no usable certificate or key
   */
  static SSLContext load(Path certificateChain, Path privateKey) {
    List<Certificate> chain = certificates(certificateChain);
    PrivateKey key = privateKey(privateKey);
    if (!matches(key, chain.getFirst())) {
      throw invalid(
          "the key in "
              + privateKey
              + " does not go with the first certificate in "
              + certificateChain
              + "; give the key the certificate was made for",
          null);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException failure) {
      throw invalid(
          "cannot make a TLS context of "
              + certificateChain
              + " and "
              + privateKey
              + ": "
              + failure.getMessage(),
          failure);
    }
  }

  private static List<Certificate> certificates(Path file) {
    try (InputStream input = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(input);
      if (read.isEmpty()) {
        throw invalid(
            "no certificate in " + file + "; give a PEM file with BEGIN CERTIFICATE", null);
      }
      return List.copyOf(read);
    } catch (IOException | GeneralSecurityException failure) {
      throw invalid(
          "cannot read the certificate chain " + file + ": " + failure.getMessage(), failure);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException failure) {
      throw invalid("cannot read the private key " + file + ": " + failure.getMessage(), failure);
    }
    int begin = text.indexOf(BEGIN_KEY);
    int end = text.indexOf(END_KEY);
    if (begin < 0 || end < begin) {
      throw invalid(
          "no unencrypted PKCS #8 private key (BEGIN PRIVATE KEY) in "
              + file
              + "; convert it with: openssl pkey -in "
              + file
              + " -out key.pem",
          null);
    }
    byte[] der;
    try {
      String body = text.substring(begin + BEGIN_KEY.length(), end).replaceAll("\\s", "");
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException notBase64) {
      throw invalid("the private key in " + file + " is not valid base64", notBase64);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException lastFailure = null;
    for (String algorithm : KEY_ALGORITHMS) {
      // PKCS #8 names the key type inside, but no JDK factory reads that name: try each type.
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException otherType) {
        lastFailure = otherType;
      }
    }
    throw invalid(
        "the private key in " + file + " is not an RSA, EC or Ed25519 PKCS #8 key", lastFailure);
  }

  /**
   * Whether the key signs what the certificate's public key verifies: neither the key store nor the
   * TLS context checks this, and a mismatch would otherwise only show as failed handshakes.
   */
  private static boolean matches(PrivateKey key, Certificate certificate) {
    PublicKey publicKey = certificate.getPublicKey();
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = "loupe".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException cannotTell) {
      // The key type signs with an algorithm not handled above: let the TLS context decide.
      return true;
    }
  }

  private static LoupeException invalid(String message, Throwable cause) {
    return cause == null
        ? new LoupeException(ErrorCode.BAD_REQUEST, message)
        : new LoupeException(ErrorCode.BAD_REQUEST, message, cause);
  }
}
