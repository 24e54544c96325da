/**
 * What a run produced, as records ({@link dev.jxdist.coordinator.report.RunReport}), and the
 * reporters that render it: the live console, Surefire-format XML, and the JSON report. Reporters
 * only read records; they never see the session's state or the wire.
 */
package dev.jxdist.coordinator.report;
