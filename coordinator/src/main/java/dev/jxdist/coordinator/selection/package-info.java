/**
 * Turns what the user pointed at (a built Maven project, or a classpath and scan directories) into
 * a {@link dev.jxdist.coordinator.config.SuiteSpec}: the test classpath as the build would have it,
 * with a JUnit Platform launcher that matches the suite.
 */
package dev.jxdist.coordinator.selection;
