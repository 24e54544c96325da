/**
 * A module's test classpath as Surefire builds it (order, excludes, additional elements) and the
 * decision which JUnit Platform pieces it lacks. Plain data and files only: resolving artifacts is
 * the caller's business.
 */
package dev.jxdist.maven.classpath;
