/**
 * The module description: one module's test run as Surefire would configure it, built from a Maven
 * project (resolving the JUnit pieces it lacks with Maven's resolver) and written as the {@code
 * module-NNN.json} file the coordinator reads.
 */
package dev.jxdist.maven.describe;
