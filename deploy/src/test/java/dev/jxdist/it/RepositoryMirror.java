package dev.jxdist.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Maven repository over HTTP on loopback, serving the files of a local repository (the build's
 * own) except those under the hidden paths: what a test's Maven reaches instead of Maven Central,
 * so that it downloads, offline and fast, exactly what it needs, and nothing of jxdist. It records
 * every request for a hidden path, so a test can check that nobody even asked.
 */
final class RepositoryMirror implements AutoCloseable {

  private final Path root;
  private final List<String> hidden;
  private final HttpServer server;
  private final ExecutorService threads;
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger served = new AtomicInteger();

  private RepositoryMirror(Path root, List<String> hidden) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.hidden = List.copyOf(hidden);
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "repository-mirror-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code repository}, but no path that starts with one of {@code hidden}. */
  static RepositoryMirror serve(Path repository, String... hidden) {
    if (!Files.isDirectory(repository)) {
      throw new IllegalStateException("no Maven repository at " + repository);
    }
    try {
      return new RepositoryMirror(repository, List.of(hidden));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + repository + " on loopback", e);
    }
  }

  /** Its URL, for a {@code <mirror>} in a Maven settings file. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The hidden paths that were asked for. */
  List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  /** How many files it served. */
  int served() {
    return served.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().replaceFirst("^/+", "");
      boolean get = exchange.getRequestMethod().equals("GET");
      if (!get && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (hidden.stream().anyMatch(path::startsWith)) {
        refused.add(path);
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      Path file = root.resolve(path).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long size = Files.size(file);
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      if (!get) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
      served.incrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
