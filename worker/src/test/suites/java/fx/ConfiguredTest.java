package fx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Sees the system properties and configuration parameters of the coordinator's Configure. */
@ExtendWith(ConfiguredTest.Parameter.class)
class ConfiguredTest {

  @Test
  void seesSystemProperty() {
    assertEquals("yes", System.getProperty("jxdist.fixture.property"));
  }

  @Test
  void seesConfigurationParameter(String parameter) {
    assertEquals("on", parameter);
  }

  /** Resolves a String parameter to the configuration parameter jxdist.fixture.parameter. */
  static class Parameter implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return e.getConfigurationParameter("jxdist.fixture.parameter").orElse("absent");
    }
  }
}
