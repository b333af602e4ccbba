package com.partner.comptappart.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
