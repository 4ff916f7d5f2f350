package io.rvnt.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.rvnt.protocol.http.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * The API's routes (spec §1, §7), each with the fixed name that metrics use. A request is matched on its path alone;
 * a known path with another method is {@code 405} under the path's route.
 */
public enum Route {
  REGISTER("register", HttpMethod.POST),
  BUNDLE("bundle", HttpMethod.GET),
  PREKEYS("prekeys", HttpMethod.PUT),
  PREKEY_COUNT("prekey_count", HttpMethod.GET),
  IDENTITY_DELETE("identity_delete", HttpMethod.DELETE),
  PARAMS("params", HttpMethod.GET),
  NOT_FOUND("not_found", null);

  private final String metricName;
  private final HttpMethod method;

  Route(String metricName, HttpMethod method) {
    this.metricName = metricName;
    this.method = method;
  }

  public String metricName() {
    return metricName;
  }

  HttpMethod method() {
    return method;
  }

  public static List<String> metricNames() {
    return Arrays.stream(values()).map(Route::metricName).toList();
  }

  /** The route of a path (without query string). */
  static Route of(String path) {
    if (path.startsWith(Paths.BUNDLE_PREFIX)) {
      return BUNDLE;
    }
    return switch (path) {
      case Paths.REGISTER -> REGISTER;
      case Paths.PREKEYS -> PREKEYS;
      case Paths.PREKEY_COUNT -> PREKEY_COUNT;
      case Paths.IDENTITY -> IDENTITY_DELETE;
      case Paths.PARAMS -> PARAMS;
      default -> NOT_FOUND;
    };
  }

  /** The path of a request target: everything before {@code ?} (spec §5: query strings are ignored). */
  static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
