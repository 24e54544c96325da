/**
 * The WorkerManager and its provisioners: how worker JVMs come into being (local processes for
 * now), how they are watched, and how they are stopped. It knows processes, not tests.
 */
package dev.jxdist.coordinator.manager;
