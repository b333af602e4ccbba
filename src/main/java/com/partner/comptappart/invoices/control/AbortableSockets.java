package com.partner.comptappart.invoices.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JVM's TLS sockets (its default trust store), each laid over a plain socket of ours that
 * {@link #abort} drops at once. Why: closing a TLS socket politely reads on until the server's
 * close_notify, and a server that never stops sending keeps that read going until the read times
 * out. Measured: 144 MB read and decrypted past a 20 MiB cap. One instance per connection: the JDK
 * keeps idle connections per factory, so none is ever shared.
 */
final class AbortableSockets extends SSLSocketFactory {

  private final SSLSocketFactory tls = HttpsURLConnection.getDefaultSSLSocketFactory();
  private final List<Socket> plain = new CopyOnWriteArrayList<>();

  /** Unconnected and plain: the connection connects it, then asks for TLS over it (below). */
  @Override
  public Socket createSocket() {
    Socket socket = new Socket();
    plain.add(socket);
    return socket;
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return tls.createSocket(socket, host, port, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return tls.createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return tls.createSocket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return tls.createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return tls.createSocket(address, port, localAddress, localPort);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  /** Drops the connection without a word: a reset, no TLS close to wait for. */
  void abort() {
    for (Socket socket : plain) {
      try {
        socket.setSoLinger(true, 0);
      } catch (IOException alreadyClosed) {
        // closed below, or already
      }
      try {
        socket.close();
      } catch (IOException alreadyClosed) {
        // nothing left to drop
      }
    }
  }
}
