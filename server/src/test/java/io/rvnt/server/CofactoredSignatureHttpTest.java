package io.rvnt.server;

import static io.rvnt.server.ServerFixture.REGISTER_BITS;
import static io.rvnt.server.ServerFixture.WRITE_BITS;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.crypto.TorsionSignatures;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §4 over HTTP (issue 11, case 1): a signature that holds under the cofactored equation and not under the
 * cofactorless one of RFC 8032 §5.1.7 is refused wherever the server checks one, and changes nothing.
 */
class CofactoredSignatureHttpTest extends ServerTest {
  final TestIdentity alice = TestIdentity.create("alice");

  @BeforeEach
  void start() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    assertThat(register(alice.registration(2)).status()).as("alice registers").isEqualTo(201);
  }

  @Test
  void aSignedRequestWithACofactoredOnlySignatureIs401BadRequestSignature() throws Exception {
    Map<String, String> forged = cofactoredOnly(alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null),
        "GET", "/v1/prekey-count", EMPTY);
    assertRefused(401, ErrorCode.BAD_REQUEST_SIGNATURE, () -> fx.exchange("GET", "/v1/prekey-count", forged, EMPTY));
    assertThat(fx.exchange("GET", "/v1/prekey-count",
            alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null), EMPTY).status())
        .as("the same request, honestly signed").isEqualTo(200);
  }

  @Test
  void aRegistrationWhoseSignedPreKeySignatureIsCofactoredOnlyIs400BadKeySignature() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    SignedPreKey honest = bob.signedPreKey();
    SignedPreKey forged = new SignedPreKey(honest.id(), honest.publicKey(),
        TorsionSignatures.cofactoredOnly(bob.seed(), SignedBytes.signedPreKey(honest.id(), honest.publicKey())));
    Registration registration = new Registration("bob", bob.identityKey(), forged, bob.pqPreKey(), List.of());
    assertRefused(400, ErrorCode.BAD_KEY_SIGNATURE, () -> register(registration));
  }

  @Test
  void aRegistrationWhosePqPreKeySignatureIsCofactoredOnlyIs400BadKeySignature() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    Registration registration =
        new Registration("bob", bob.identityKey(), bob.signedPreKey(), cofactoredOnly(bob, bob.pqPreKey()), List.of());
    assertRefused(400, ErrorCode.BAD_KEY_SIGNATURE, () -> register(registration));
  }

  @Test
  void rotatingThePqPreKeyWithACofactoredOnlySignatureIs400BadKeySignature() throws Exception {
    PqPreKey forged = cofactoredOnly(alice, alice.newPqPreKey(2));
    byte[] body = WireCodec.encodeUpload(new PreKeyUpload(List.of(), Optional.empty(), Optional.of(forged)));
    assertRefused(400, ErrorCode.BAD_KEY_SIGNATURE, () -> fx.exchange("PUT", "/v1/prekeys",
        alice.signedHeaders("PUT", "/v1/prekeys", fx.tick(), body, fx.pow(WRITE_BITS)), body));
  }

  private RawHttp.Response register(Registration registration) throws Exception {
    io.rvnt.protocol.pow.PowTarget target = fx.pow(REGISTER_BITS);
    Map<String, String> headers = Map.of(Headers.POW, TestIdentity.solve(target,
        ProofOfWork.registerChallenge(target, registration.username(), registration.identityKey())));
    byte[] body = WireCodec.encodeRegistration(registration);
    return fx.exchange("POST", "/v1/register", headers, body);
  }

  interface Call {
    RawHttp.Response get() throws Exception;
  }

  private void assertRefused(int status, ErrorCode code, Call call) throws Exception {
    Map<String, String> before = fx.snapshot();
    RawHttp.Response response = call.get();
    assertThat(response.status()).as("HTTP status").isEqualTo(status);
    assertThat(ServerFixture.error(response).getCode()).as("error code").isEqualTo(code);
    assertThat(fx.snapshot()).as("nothing stored").isEqualTo(before);
  }

  /** The same headers with the signature replaced by one over the same bytes that holds only when cofactored. */
  private Map<String, String> cofactoredOnly(Map<String, String> headers, String method, String path, byte[] body) {
    byte[] signed = SignedBytes.request(method, path, alice.username(), headers.get(Headers.TIMESTAMP), body);
    Map<String, String> forged = new LinkedHashMap<>(headers);
    forged.put(Headers.SIGNATURE, AuthHeaders.formatSignature(TorsionSignatures.cofactoredOnly(alice.seed(), signed)));
    return forged;
  }

  private static PqPreKey cofactoredOnly(TestIdentity user, PqPreKey honest) {
    return new PqPreKey(honest.id(), honest.publicKey(),
        TorsionSignatures.cofactoredOnly(user.seed(), SignedBytes.pqPreKey(honest.id(), honest.publicKey())));
  }
}
