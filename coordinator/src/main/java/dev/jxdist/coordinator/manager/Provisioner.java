package dev.jxdist.coordinator.manager;

import java.util.List;

/**
 * One way of bringing worker JVMs into being: on this machine ({@link LocalWorkerProvisioner}), on
 * an SSH host ({@link RemoteHostProvisioner}), on the run's join places ({@code
 * join.JoinProvisioner}), and later on agents. The {@link WorkerManager} talks to every kind
 * through this alone: how many workers fit, start one in a given slot, which ones it started, and
 * close.
 *
 * <p>A provisioner is ready when it is handed to the manager (its host connected and synced, its
 * places open). Its methods are called by the session thread, except where an implementation says
 * otherwise; {@link #start} must not block on the network for long (a start that takes time runs in
 * the background and reports a failure through the request's {@link WorkerExitListener}).
 */
public interface Provisioner extends AutoCloseable {

  /** What messages call it: {@code localhost}, a host as the host list names it, join places. */
  String name();

  /** How many of its workers may run at once (0: it takes none). */
  int capacity();

  /** How many of its workers are asked for or running now. */
  long running();

  /**
   * Starts the worker {@code request} asks for, in the slot it names (a replacement takes the slot
   * of the worker it replaces). Returns at once with the worker's handle; the worker dials in by
   * itself.
   *
   * @throws RuntimeException if the worker cannot even be asked for; the message says why
   */
  WorkerProcess start(WorkerRequest request);

  /** Every worker it started, in order, running or not. */
  List<? extends WorkerProcess> workers();

  /**
   * After its workers were let go (see {@link WorkerManager#close}): frees what it holds, such as a
   * host's connection and session directory. Idempotent.
   */
  @Override
  void close();
}
