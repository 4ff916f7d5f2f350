package io.rvnt.relay.protocol;

import java.util.List;
import java.util.Optional;

/**
 * A relay response (spec §7).
 *
 * @param challenge the fresh challenge of spec §5.1: empty when the response carries none
 * @param params set in the response to a Hello
 * @param envelopes and {@code more}: the result of a collect
 */
public record RelayResponse(RelayStatus status, byte[] challenge, Optional<RelayParams> params,
    List<CollectedEnvelope> envelopes, boolean more) {

  public RelayResponse {
    envelopes = List.copyOf(envelopes);
  }

  public static RelayResponse of(RelayStatus status) {
    return new RelayResponse(status, new byte[0], Optional.empty(), List.of(), false);
  }

  public RelayResponse withChallenge(byte[] value) {
    return new RelayResponse(status, value, params, envelopes, more);
  }
}
