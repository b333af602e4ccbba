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
            // Which upstream servers each request was sent to, in order ("a, b": a failed first).
            "  log_format upstreams '$msec $status \"$upstream_addr\" \"$request\"';",
            "  access_log " + work.resolve("access.log") + " upstreams;",
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

  /**
   * The upstream servers each order POSTed through the proxy since {@code sinceEpochMillis} was
   * sent to, in order, from {@code access.log}: one line per request, e.g. {@code
   * ["127.0.0.1:8080"]}, or two servers when the first failed and nginx passed the request on.
   */
  public static List<List<String>> upstreamsOfOrders(Path work, long sinceEpochMillis)
      throws IOException {
    java.util.regex.Pattern line =
        java.util.regex.Pattern.compile(
            "^(\\d+)\\.(\\d{3}) \\d+ \"([^\"]*)\" \"POST /api/comptappart/orders ");
    return Files.readAllLines(work.resolve("access.log")).stream()
        .map(line::matcher)
        .filter(java.util.regex.Matcher::find)
        .filter(
            found ->
                Long.parseLong(found.group(1)) * 1000 + Long.parseLong(found.group(2))
                    >= sinceEpochMillis)
        .map(found -> List.of(found.group(3).split(", ")))
        .toList();
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
