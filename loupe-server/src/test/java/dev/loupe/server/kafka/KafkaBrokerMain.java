package dev.loupe.server.kafka;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the tests' one-node KRaft broker ({@link KafkaTestBroker}) as a process of its own, for
 * people who have no Kafka at hand: {@code scripts/kafka-broker.sh} starts it from the test class
 * path so that {@code loupe bench --protocols kafka --kafka-bootstrap 127.0.0.1:PORT} (or a {@code
 * loupe serve --kafka-bootstrap}) has a real broker to talk to. It lives in the test sources, and
 * the broker's jars stay out of the {@code loupe} jar: a broker is not part of Loupe.
 *
 * <p>Usage: {@code KafkaBrokerMain [PORT]} (0 or none: a free port). Prints {@code bootstrap
 * 127.0.0.1:PORT} once the broker serves, then runs until stopped (Ctrl-C, SIGTERM), when it shuts
 * the broker down and deletes its temporary directory.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] arguments) throws IOException, InterruptedException {
    int port = arguments.length == 0 ? 0 : Integer.parseInt(arguments[0]);
    KafkaTestBroker broker = KafkaTestBroker.start(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "kafka-broker-stop"));
    System.out.println("bootstrap " + broker.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}
