/**
 * The bridge implementation on the JUnit Platform launcher. These classes are never loaded by the
 * worker's own class loader: the suite's class loader defines them from the worker jar's bytes, so
 * that they link against the suite's launcher (Platform 1.x or 6.x). They may use only JDK, JUnit
 * Platform, {@code bridge.api} and {@code common.model} types, and only launcher API present in
 * both Platform lines.
 */
package dev.jxdist.worker.bridge.junit;
