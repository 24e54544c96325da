/**
 * Deliberate violations of the package rules, each in one small class, for {@code
 * PackageRulesViolationTest}: proof that every rule fails when it should. Never imported by the
 * rules test of the real code (these are test classes).
 */
package dev.jxdist.archfixture;
