/**
 * End-to-end tests of the jxdist distribution: they build the fixture projects under {@code
 * src/it/fixtures}, run the real {@code jxdist.jar} as a process and compare what it reports with
 * what Maven Surefire reports for the same project.
 */
package dev.jxdist.it;
