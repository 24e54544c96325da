package dev.jxdist.common.wire;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client's trust manager that decides about the server's certificate in one place, {@link
 * #checkServer}, whichever of the JDK's entry points the TLS engine calls, and trusts no client.
 * jxdist's clients trust no certificate authority: a coordinator's certificate is pinned ({@link
 * CertificatePin}), an agent's is proven by its token.
 */
public abstract class ServerCertificateCheck extends X509ExtendedTrustManager {

  /**
   * Accepts the server's certificate chain (its first element is the server's own) or throws.
   *
   * @throws CertificateException if the chain is empty or not the one to trust
   */
  protected abstract void checkServer(X509Certificate[] chain) throws CertificateException;

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw noClient();
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw noClient();
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw noClient();
  }

  @Override
  public final X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private static CertificateException noClient() {
    return new CertificateException("a client's trust manager trusts no client");
  }
}
