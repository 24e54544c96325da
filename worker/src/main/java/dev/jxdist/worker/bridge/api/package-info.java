/**
 * The contract between the worker and the code that runs inside the suite's class loader. It
 * references only JDK and {@code dev.jxdist.common.model} types, because both class loaders share
 * exactly these packages and nothing else.
 */
package dev.jxdist.worker.bridge.api;
