package dev.jxdist.worker.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of the suite under test: its class path, over the platform class loader, so that
 * the suite sees none of the worker's classes (gRPC, protobuf, Netty, ...). Two exceptions:
 *
 * <ul>
 *   <li>{@value #BRIDGE_API_PACKAGE} and {@value #MODEL_PACKAGE}, the contract both sides speak,
 *       are delegated to the worker's loader, so both see the same classes;
 *   <li>{@value #BRIDGE_IMPL_PACKAGE} is defined by this loader from the bytes the worker's loader
 *       finds, so that it links against the suite's own JUnit Platform launcher.
 * </ul>
 */
public final class SuiteClassLoader extends URLClassLoader {

  /** The bridge interfaces, shared with the worker. */
  public static final String BRIDGE_API_PACKAGE = "dev.jxdist.worker.bridge.api";

  /** The model records the bridge interfaces use, shared with the worker. */
  public static final String MODEL_PACKAGE = "dev.jxdist.common.model";

  /** The bridge implementation, defined in the suite's loader. */
  public static final String BRIDGE_IMPL_PACKAGE = "dev.jxdist.worker.bridge.junit";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader workerLoader;

  /**
   * @param classpath the suite's jars and class directories, in order
   * @param workerLoader the loader holding the worker's classes and the bridge's bytes
   */
  public SuiteClassLoader(List<Path> classpath, ClassLoader workerLoader) {
    super(null, toUrls(classpath), ClassLoader.getPlatformClassLoader());
    this.workerLoader = workerLoader;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    String pkg = packageOf(name);
    if (pkg.equals(BRIDGE_API_PACKAGE) || pkg.equals(MODEL_PACKAGE)) {
      return workerLoader.loadClass(name);
    }
    if (pkg.equals(BRIDGE_IMPL_PACKAGE)) {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = defineFromWorker(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
    return super.loadClass(name, resolve);
  }

  private Class<?> defineFromWorker(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream in = workerLoader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name + " (not in the worker's class path)");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name + " (cannot read " + resource + ")", e);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static URL[] toUrls(List<Path> classpath) {
    URL[] urls = new URL[classpath.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = classpath.get(i).toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new UncheckedIOException("class path entry " + classpath.get(i), e);
      }
    }
    return urls;
  }
}
