package dev.jxdist.coordinator.manager;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.RemoteHosts;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.report.SyncListener;
import dev.jxdist.coordinator.ssh.HostFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a run's SSH hosts ready, in parallel: connects to every host, syncs each suite's manifest
 * (built once by {@link dev.jxdist.coordinator.sync.SuiteManifests}) there and lays it out, telling
 * {@code listener} how it goes. A host that fails is reported in one line naming it and the reason,
 * and left out.
 */
public final class HostPreparation {

  private HostPreparation() {}

  /**
   * The hosts that are ready, in host-list order; failures are printed to {@code err}.
   *
   * @param manifests each suite's manifest, by suite id
   */
  public static List<RemoteHostProvisioner> prepare(
      RemoteHosts hosts,
      List<SuiteSpec> suites,
      Map<String, LocalManifest> manifests,
      Path workerJar,
      String runId,
      SyncListener listener,
      PrintStream err) {
    listener.hostsPreparing(hosts.hosts().stream().map(HostSpec::host).toList());
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            hosts.hosts().size(),
            r -> new Thread(r, "jxdist-host-setup-" + threads.incrementAndGet()));
    try {
      List<Future<RemoteHostProvisioner>> futures = new ArrayList<>();
      for (HostSpec spec : hosts.hosts()) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    RemoteHostProvisioner host =
                        RemoteHostProvisioner.open(
                            spec, hosts, runId, suites, manifests, workerJar, listener);
                    listener.hostReady(spec.host(), host.syncStats());
                    return host;
                  } catch (HostFailure | RuntimeException e) {
                    listener.hostFailed(spec.host());
                    throw e;
                  }
                }));
      }
      List<RemoteHostProvisioner> ready = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          ready.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          String line =
              cause instanceof HostFailure
                  ? cause.getMessage()
                  : hosts.hosts().get(i).host() + ": " + cause;
          err.println("jxdist: host " + line);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ready.forEach(RemoteHostProvisioner::close);
          throw new IllegalStateException("interrupted while preparing the hosts", e);
        }
      }
      return ready;
    } finally {
      pool.shutdown();
    }
  }
}
