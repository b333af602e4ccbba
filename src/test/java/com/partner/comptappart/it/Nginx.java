package com.partner.comptappart.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** nginx from the machine's package, run by a test in a directory of its own, as root. */
public final class Nginx {

  private Nginx() {}

  /** Writes {@code nginx.conf} in the directory: everything nginx keeps goes there too. */
  public static void configure(Path work, String httpBlock) throws IOException {
    Files.writeString(
        work.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            "worker_processes 1;",
            "user root;",
            "pid " + work.resolve("nginx.pid") + ";",
            "error_log " + work.resolve("error.log") + ";",
            "events {}",
            "http {",
            "  access_log " + work.resolve("access.log") + ";",
            "  client_body_temp_path " + work.resolve("body") + ";",
            "  proxy_temp_path " + work.resolve("proxy") + ";",
            httpBlock,
            "}",
            ""));
  }

  /**
   * The project's site ({@code server-config/nginx/comptappart-orders.conf}) on plain HTTP at
   * 127.0.0.1:{@code port}, its upstream these {@code server} lines instead of its one.
   */
  public static String projectSite(int port, List<String> upstreamServers) throws IOException {
    String site =
        Files.readString(Path.of("server-config/nginx/comptappart-orders.conf"))
            .replace("listen 443 ssl;", "listen 127.0.0.1:" + port + ";")
            .replace(
                "    server 127.0.0.1:8080 max_fails=1 fail_timeout=5s;\n",
                upstreamServers.stream()
                    .map(server -> "    server " + server + ";\n")
                    .collect(Collectors.joining()))
            .lines()
            .filter(line -> !line.trim().startsWith("ssl_"))
            .collect(Collectors.joining("\n"));
    if (!site.contains("server " + upstreamServers.get(0) + ";")) {
      throw new IllegalStateException("the site's upstream changed shape");
    }
    return site;
  }

  /** Starts nginx on the directory's {@code nginx.conf}; its output goes to {@code nginx.out}. */
  public static Process start(Path work) throws IOException {
    return new ProcessBuilder(
            "nginx", "-c", work.resolve("nginx.conf").toString(), "-p", work.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("nginx.out").toFile())
        .start();
  }

  /** Makes the running nginx read its {@code nginx.conf} again; true once it has said yes. */
  public static boolean reload(Path work) throws IOException, InterruptedException {
    Process reload =
        new ProcessBuilder(
                "nginx",
                "-s",
                "reload",
                "-c",
                work.resolve("nginx.conf").toString(),
                "-p",
                work.toString())
            .redirectErrorStream(true)
            .start();
    return reload.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && reload.exitValue() == 0;
  }
}
