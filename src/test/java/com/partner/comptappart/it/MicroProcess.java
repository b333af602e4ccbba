package com.partner.comptappart.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro started by a test itself, for what Arquillian cannot do: give the server an
 * environment of its own, watch a deployment fail, or kill the JVM.
 */
public final class MicroProcess implements AutoCloseable {

  private static final Duration BOOT_LIMIT = Duration.ofMinutes(3);

  private final Process process;
  private final int port;
  private final StringBuffer output = new StringBuffer();
  private final CountDownLatch ready = new CountDownLatch(1);

  /** The tests' own Java runtime and the build's Payara Micro. */
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

  private static Path buildsMicro() {
    return Path.of(System.getProperty("payara.microJar"));
  }

  private MicroProcess(
      Path javaHome,
      Path microJar,
      int port,
      Map<String, String> environment,
      List<String> jvmOptions,
      List<String> options,
      Path war)
      throws IOException {
    this.port = port;
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.addAll(List.of(IntegrationEnvironment.serverSystemProperties()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", microJar.toString()));
    command.addAll(options);
    command.addAll(
        List.of("--nocluster", "--port", String.valueOf(port), "--deploy", war.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    this.process = builder.start();
    Thread reader = new Thread(this::collectOutput, "micro-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the build's WAR on a new Payara Micro configured like the Arquillian ones (the tests'
   * server-config), and waits until it says it is ready.
   */
  public static MicroProcess start(Map<String, String> environment) throws IOException {
    return start(environment, List.of(), List.of(IntegrationEnvironment.microOptions()));
  }

  /**
   * Starts the build's WAR with the given JVM and Micro options instead (e.g. one of the project's
   * own {@code server-config/} files), and waits until it says it is ready.
   */
  public static MicroProcess start(
      Map<String, String> environment, List<String> jvmOptions, List<String> options)
      throws IOException {
    return start(environment, jvmOptions, options, Path.of(System.getProperty("it.war")));
  }

  /** Starts another WAR than the build's, e.g. one a test altered. */
  public static MicroProcess start(
      Map<String, String> environment, List<String> jvmOptions, List<String> options, Path war)
      throws IOException {
    MicroProcess micro =
        new MicroProcess(
            JAVA_HOME, buildsMicro(), freePort(), environment, jvmOptions, options, war);
    micro.awaitReady();
    return micro;
  }

  /**
   * Starts the build's WAR on another Payara Micro (another generation), run by another Java
   * runtime, with the given options, and waits until it says it is ready.
   */
  public static MicroProcess startOn(
      Path javaHome,
      Path microJar,
      Map<String, String> environment,
      List<String> jvmOptions,
      List<String> options)
      throws IOException {
    MicroProcess micro =
        new MicroProcess(
            javaHome,
            microJar,
            freePort(),
            environment,
            jvmOptions,
            options,
            Path.of(System.getProperty("it.war")));
    micro.awaitReady();
    return micro;
  }

  /**
   * Starts the build's WAR listening on the given port: an instance behind a proxy, whose upstream
   * names its port, started again after a stop (a redeployment).
   */
  public static MicroProcess onPort(
      int port, Map<String, String> environment, List<String> jvmOptions, List<String> options)
      throws IOException {
    MicroProcess micro =
        new MicroProcess(
            JAVA_HOME,
            buildsMicro(),
            port,
            environment,
            jvmOptions,
            options,
            Path.of(System.getProperty("it.war")));
    micro.awaitReady();
    return micro;
  }

  /** Free TCP port on this machine, for a listener the test configures. */
  public static int freeTcpPort() {
    return freePort();
  }

  private void collectOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("Payara Micro") && line.contains("ready in")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      ready.countDown();
    }
  }

  private void awaitReady() {
    try {
      if (!ready.await(BOOT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "Payara Micro not ready after " + BOOT_LIMIT + ":\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URL base() {
    try {
      return new URL("http://127.0.0.1:" + port + "/");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything the server printed so far. */
  public String output() {
    return output.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no graceful undeploy. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() {
    reportSevereLines();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The server's SEVERE lines (and the causes under them), printed where CI shows a failing run's
   * output: a 500 seen by a test names its exception here.
   */
  private void reportSevereLines() {
    String[] lines = output.toString().split("\n");
    StringBuilder severe = new StringBuilder();
    for (int i = 0, shown = 0; i < lines.length && shown < 10; i++) {
      if (lines[i].contains("SEVERE")
          && !lines[i].contains("dealiasing")
          && !lines[i].contains("alias")) {
        severe.append(lines[i], 0, Math.min(lines[i].length(), 600)).append('\n');
        for (int j = i + 1; j < Math.min(lines.length, i + 40); j++) {
          if (lines[j].startsWith("Caused by") || lines[j].contains("Exception:")) {
            severe.append("  ").append(lines[j], 0, Math.min(lines[j].length(), 300)).append('\n');
          }
        }
        shown++;
      }
    }
    if (severe.length() > 0) {
      System.out.println("Payara Micro on port " + port + " logged SEVERE:\n" + severe);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
