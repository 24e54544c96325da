/**
 * The plugin's goals: {@code describe} writes each module's description for the coordinator; {@code
 * test} describes the whole reactor and runs it with jxdist in the build's JVM. The goals are thin;
 * the work is done in the describe, surefire and classpath packages.
 */
package dev.jxdist.maven.plugin;
