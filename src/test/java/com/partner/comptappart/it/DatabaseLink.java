package com.partner.comptappart.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link on loopback between the server under test and PostgreSQL, owned by the tests so that
 * they can take the database away from the server without touching the database itself.
 */
public final class DatabaseLink implements AutoCloseable {

  /** What the link does with connections. */
  public enum Mode {
    /** Pass bytes both ways: the database is reachable. */
    FORWARD,
    /** Close every connection at once: the database is down. */
    REFUSE,
    /** Accept connections and never answer: the network to the database is lost. */
    BLACKHOLE
  }

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "database-link");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Mode mode = Mode.FORWARD;

  private DatabaseLink(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptConnections);
  }

  public static DatabaseLink to(String host, int port) throws IOException {
    return new DatabaseLink(host, port);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Switches mode; every connection open so far is dropped unless the link forwards again. */
  public void switchTo(Mode newMode) {
    this.mode = newMode;
    if (newMode != Mode.FORWARD) {
      sockets.forEach(DatabaseLink::closeQuietly);
      sockets.clear();
    }
  }

  private void acceptConnections() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        switch (mode) {
          case REFUSE -> closeQuietly(client);
          case BLACKHOLE -> sockets.add(client);
          case FORWARD -> forward(client);
        }
      } catch (IOException e) {
        // the listener was closed
      }
    }
  }

  private void forward(Socket client) {
    try {
      Socket server = new Socket(targetHost, targetPort);
      sockets.add(client);
      sockets.add(server);
      threads.execute(() -> pipe(client, server));
      threads.execute(() -> pipe(server, client));
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(DatabaseLink::closeQuietly);
    threads.shutdownNow();
  }
}
