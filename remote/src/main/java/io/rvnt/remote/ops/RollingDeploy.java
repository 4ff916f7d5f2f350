package io.rvnt.remote.ops;

import io.rvnt.remote.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link RollingPlan}'s steps for the identity cluster's members, one at a time, and stops at the first
 * that does not end OK: a member that does not come back healthy (rolled back or not), or leadership that did not move
 * off the leader. Every member not reached then gets a result saying it was not touched and why. A refused plan
 * touches no member. Each step is reported to the {@link Progress}, as a deploy reports its own.
 */
public final class RollingDeploy {
  /** The two things done to a member; {@link HostActions} over SSH, or a test's stand-in. */
  public interface MemberActions {
    /** Deploys the release on the member and waits for its health, as {@code remote deploy} does on any host. */
    ActionResult upgrade(Host host);

    /** Makes {@code to} the cluster's leader through its admin listener ({@code cluster transfer-leadership}). */
    ActionResult moveLeadership(Host to);
  }

  public static final String DEPLOY = "deploy";
  public static final String MOVE = "transfer-leadership";

  private final MemberActions actions;
  private final Progress progress;
  private final Cancellation cancel;

  public RollingDeploy(MemberActions actions, Progress progress, Cancellation cancel) {
    this.actions = actions;
    this.progress = progress;
    this.cancel = cancel;
  }

  /** The members' results in the plan's order, a leadership move's among them; the others' are not here. */
  public List<ActionResult> run(RollingPlan plan, String version) {
    List<ActionResult> results = new ArrayList<>();
    Optional<String> stopped = plan.refusal();
    for (RollingPlan.Step step : plan.steps()) {
      if (stopped.isEmpty() && cancel.isCancelled()) {
        stopped = Optional.of("the deploy was cancelled");
      }
      if (stopped.isPresent()) {
        break;
      }
      if (step instanceof RollingPlan.Upgrade upgrade) {
        Host host = upgrade.host();
        progress.step(host.name(), "upgrading this cluster member; the others wait until it is healthy");
        ActionResult result = actions.upgrade(host);
        results.add(result);
        if (!result.ok()) {
          stopped = Optional.of(host.name() + " did not come back healthy");
        }
      } else if (step instanceof RollingPlan.MoveLeadership move) {
        progress.step(move.to().name(), "moving the cluster's leadership here, " + move.why());
        ActionResult result = actions.moveLeadership(move.to());
        results.add(result);
        if (!result.ok()) {
          stopped = Optional.of("leadership did not move to " + move.to().name());
        }
      } else if (step instanceof RollingPlan.Note note) {
        progress.step(note.about().name(), note.text());
        results.add(new ActionResult(note.about().name(), MOVE, Outcome.OK, "", note.text()));
      }
    }
    if (stopped.isPresent()) {
      String why = stopped.get();
      for (Host member : plan.members()) {
        if (results.stream().noneMatch(r -> r.host().equals(member.name()) && r.action().equals(DEPLOY))) {
          results.add(new ActionResult(member.name(), DEPLOY,
              plan.refusal().isPresent() ? Outcome.FAILED : Outcome.CANCELLED, version,
              "not touched: " + why + " (the cluster is upgraded one member at a time)"));
        }
      }
    }
    return results;
  }
}
