package dev.jxdist.worker.suite;

import dev.jxdist.common.model.TestNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the top-level classes of a discovered plan that must run whole, in one launcher call,
 * because their tests depend on one another in ways the plan does not show:
 *
 * <ul>
 *   <li>JUnit Jupiter: a {@code PER_CLASS} test instance lifecycle ({@code @TestInstance}, also
 *       inherited or meta-present, or the configuration parameter {@value #LIFECYCLE_DEFAULT} =
 *       {@code per_class}), ordered methods ({@code @TestMethodOrder} or the configuration
 *       parameter {@value #METHOD_ORDER_DEFAULT}), or {@code @Nested} classes inside;
 *   <li>JUnit 4 (vintage): {@code @FixMethodOrder}, or {@code @RunWith} (a custom runner may not
 *       support selecting single methods);
 *   <li>every other engine's top-level nodes (their rules are unknown here, so the safe unit).
 * </ul>
 *
 * <p>Annotations are matched by name through reflection on the suite's class loader: the worker
 * does not link against the suite's JUnit. A class that cannot be loaded counts as whole.
 * Configuration parameters are looked up as JUnit does: the launcher's, then system properties,
 * then {@code junit-platform.properties} on the suite's class path.
 */
final class IndivisibleClasses {

  static final String LIFECYCLE_DEFAULT = "junit.jupiter.testinstance.lifecycle.default";
  static final String METHOD_ORDER_DEFAULT = "junit.jupiter.testmethod.order.default";

  private static final String JUPITER = "[engine:junit-jupiter]";
  private static final String VINTAGE = "[engine:junit-vintage]";
  private static final String TEST_INSTANCE = "org.junit.jupiter.api.TestInstance";
  private static final String TEST_METHOD_ORDER = "org.junit.jupiter.api.TestMethodOrder";
  private static final String NESTED = "org.junit.jupiter.api.Nested";
  private static final String FIX_METHOD_ORDER = "org.junit.FixMethodOrder";
  private static final String RUN_WITH = "org.junit.runner.RunWith";

  private final ClassLoader loader;
  private final boolean perClassByDefault;
  private final boolean orderedByDefault;

  private IndivisibleClasses(ClassLoader loader, Map<String, String> configurationParameters) {
    this.loader = loader;
    Map<String, String> config = configuration(loader, configurationParameters);
    this.perClassByDefault =
        "per_class"
            .equals(config.getOrDefault(LIFECYCLE_DEFAULT, "").trim().toLowerCase(Locale.ROOT));
    this.orderedByDefault = !config.getOrDefault(METHOD_ORDER_DEFAULT, "").isBlank();
  }

  /**
   * The unique ids of the top-level nodes of {@code plan} that must run whole, in plan order.
   *
   * @param loader the suite's class loader
   * @param configurationParameters the launcher's configuration parameters for the suite
   */
  static List<String> of(
      List<TestNode> plan, ClassLoader loader, Map<String, String> configurationParameters) {
    IndivisibleClasses rules = new IndivisibleClasses(loader, configurationParameters);
    Set<String> roots = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (TestNode n : plan) {
      if (n.isRoot()) {
        roots.add(n.uniqueId());
      } else if (roots.contains(n.parentId()) && rules.mustStayWhole(n.parentId(), n)) {
        out.add(n.uniqueId());
      }
    }
    return out;
  }

  private boolean mustStayWhole(String engine, TestNode top) {
    boolean jupiter = engine.equals(JUPITER);
    if (!jupiter && !engine.equals(VINTAGE)) {
      return true;
    }
    if (top.className().isEmpty() || !top.methodName().isEmpty()) {
      return false;
    }
    Class<?> c;
    try {
      c = Class.forName(top.className(), false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return true;
    }
    try {
      return jupiter ? jupiterWhole(c) : vintageWhole(c);
    } catch (LinkageError | RuntimeException e) {
      return true;
    }
  }

  private boolean jupiterWhole(Class<?> c) {
    if (orderedByDefault || find(c, TEST_METHOD_ORDER) != null) {
      return true;
    }
    Annotation instance = find(c, TEST_INSTANCE);
    if (instance != null ? "PER_CLASS".equals(value(instance)) : perClassByDefault) {
      return true;
    }
    return hasNestedClass(c);
  }

  private static boolean vintageWhole(Class<?> c) {
    return find(c, FIX_METHOD_ORDER) != null || find(c, RUN_WITH) != null;
  }

  /** True if {@code c} or a superclass declares an inner class annotated {@code @Nested}. */
  private static boolean hasNestedClass(Class<?> c) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Class<?> inner : k.getDeclaredClasses()) {
        if (directOrMeta(inner, NESTED, new HashSet<>()) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The annotation named {@code name} on {@code c}: present (inherited ones included),
   * meta-present, or on an interface or superclass, as JUnit's own search finds it. Null if none.
   */
  private static Annotation find(Class<?> c, String name) {
    Set<Class<?>> seen = new HashSet<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      Annotation a = directOrMeta(k, name, seen);
      if (a == null) {
        a = onInterfaces(k, name, seen);
      }
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static Annotation onInterfaces(Class<?> k, String name, Set<Class<?>> seen) {
    for (Class<?> i : k.getInterfaces()) {
      Annotation a = directOrMeta(i, name, seen);
      if (a == null) {
        a = onInterfaces(i, name, seen);
      }
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /** An annotation named {@code name} on {@code element} or, recursively, on its annotations. */
  private static Annotation directOrMeta(Class<?> element, String name, Set<Class<?>> seen) {
    if (!seen.add(element)) {
      return null;
    }
    Annotation[] annotations = element.getAnnotations();
    for (Annotation a : annotations) {
      if (a.annotationType().getName().equals(name)) {
        return a;
      }
    }
    for (Annotation a : annotations) {
      String type = a.annotationType().getName();
      if (type.startsWith("java.lang.annotation.")) {
        continue;
      }
      Annotation meta = directOrMeta(a.annotationType(), name, seen);
      if (meta != null) {
        return meta;
      }
    }
    return null;
  }

  /** The name of the enum constant an annotation's {@code value()} holds, or "". */
  private static String value(Annotation a) {
    try {
      Method m = a.annotationType().getMethod("value");
      Object v = m.invoke(a);
      return v instanceof Enum<?> ? ((Enum<?>) v).name() : String.valueOf(v);
    } catch (ReflectiveOperationException e) {
      return "";
    }
  }

  /** The two parameters this reads, as the JUnit launcher would resolve them. */
  private static Map<String, String> configuration(ClassLoader loader, Map<String, String> given) {
    return LauncherConfiguration.lookUp(
        loader, given, List.of(LIFECYCLE_DEFAULT, METHOD_ORDER_DEFAULT));
  }
}
