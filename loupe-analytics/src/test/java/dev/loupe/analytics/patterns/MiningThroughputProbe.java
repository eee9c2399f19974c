package dev.loupe.analytics.patterns;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Print-only throughput probe of the miner, masking on: {@code -Dloupe.probe=true}. One thread
 * mines 2 million lines of 40 templates (ids, IPs, durations, paths, users, hosts) and prints
 * lines/s of thread CPU time (each of 3 rounds) and the pattern count. With {@code
 * -Dloupe.probe.messages=FILE} (one message a line, such as the {@code Content} of {@code loupe
 * simulate --labels-csv}) it mines those messages, over and over, instead. No assertions on time.
 */
@EnabledIfSystemProperty(named = "loupe.probe", matches = "true")
class MiningThroughputProbe {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  private static final int LINES = 2_000_000;

  @Test
  void minesOnOneCore() throws java.io.IOException {
    String messages = System.getProperty("loupe.probe.messages");
    String[] lines =
        messages == null
            ? corpus(new Random(7), 200_000)
            : java.nio.file.Files.readAllLines(java.nio.file.Path.of(messages))
                .toArray(String[]::new);
    for (int round = 0; round < 3; round++) {
      DrainMiner miner = new DrainMiner(PatternConfig.defaults());
      long start = THREAD.getCurrentThreadCpuTime();
      for (int index = 0; index < LINES; index++) {
        miner.add("default", lines[index % lines.length], index);
      }
      double seconds = (THREAD.getCurrentThreadCpuTime() - start) / 1e9;
      System.out.printf(
          "mining: %,.0f lines/s (%d lines, %d patterns, %.2f s CPU)%n",
          LINES / seconds, LINES, miner.size(), seconds);
    }
  }

  static String[] corpus(Random random, int count) {
    String[] users = {"alice", "bob", "carol", "dave", "erin", "root"};
    String[] verbs = {"GET", "POST", "PUT", "DELETE"};
    String[] lines = new String[count];
    for (int index = 0; index < count; index++) {
      int template = random.nextInt(40);
      String name = "svc" + (char) ('a' + template % 26) + (char) ('a' + template / 26);
      String ip =
          "10." + random.nextInt(255) + "." + random.nextInt(255) + "." + random.nextInt(255);
      String user = users[random.nextInt(users.length)];
      long id = random.nextLong();
      lines[index] =
          name
              + ": "
              + switch (template % 8) {
                case 0 ->
                    "Accepted password for "
                        + user
                        + " from "
                        + ip
                        + " port "
                        + random.nextInt(65535)
                        + " ssh2 t "
                        + name;
                case 1 ->
                    "Received block blk_"
                        + id
                        + " of size "
                        + random.nextInt(1 << 26)
                        + " from /"
                        + ip
                        + " kind "
                        + name;
                case 2 ->
                    verbs[random.nextInt(4)]
                        + " /api/v1/items/"
                        + random.nextInt(100000)
                        + " HTTP/1.1 status "
                        + (200 + random.nextInt(4) * 100)
                        + " took "
                        + random.nextInt(900)
                        + "ms route "
                        + name;
                case 3 ->
                    "user "
                        + user
                        + " logged in from host-"
                        + random.nextInt(50)
                        + ".example.com session "
                        + java.util.UUID.nameUUIDFromBytes(Long.toString(id).getBytes())
                        + " step "
                        + name;
                case 4 -> "Connection closed by " + ip + " [preauth] code " + name;
                case 5 ->
                    "cache miss for key order:"
                        + random.nextInt(1 << 20)
                        + " in region eu-west-"
                        + random.nextInt(3)
                        + " after "
                        + random.nextInt(30)
                        + " retries op "
                        + name;
                case 6 ->
                    "worker "
                        + random.nextInt(16)
                        + " finished job 0x"
                        + Long.toHexString(id)
                        + " in "
                        + random.nextInt(5000)
                        + " ms with status OK queue "
                        + name;
                default ->
                    "Deleting file /var/lib/app/data/segment-"
                        + random.nextInt(1000)
                        + ".log because retention of "
                        + random.nextInt(30)
                        + " days passed for tenant "
                        + name;
              };
    }
    return lines;
  }
}
