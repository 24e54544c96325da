/**
 * The WorkerManager and its provisioners: how worker JVMs come into being (on this machine, on SSH
 * hosts made ready by {@code HostPreparation}; join places implement the same {@link
 * dev.jxdist.coordinator.manager.Provisioner} from {@code join}), how they are watched, and how
 * they are stopped. It knows processes, not tests.
 */
package dev.jxdist.coordinator.manager;
