package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dosewarden.api.PatientController.SessionJson;
import org.dosewarden.channel.SessionSummary;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CourseLimits;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DrugAmount;

/**
 * The patient's course as the programming page shows it next to a new prescription (SR-K1, SR-U4): the
 * earlier sessions, the time since the last one, the session count and the drug of the rolling 7 days
 * against the entry's limits, each limit also as an amount for this patient's weight. The course check
 * itself decides ({@code course.*} violations); this is its picture, computed from the same sessions.
 *
 * @param patientId      the patient
 * @param entry          the drug-library entry the limits are of
 * @param sessions       every session of the patient, any drug, oldest first
 * @param sessionNumber  this session's number among the patient's sessions of this entry (earlier ones + 1)
 * @param sessionsLimit  the entry's limits of sessions per course
 * @param lastEndedAt    end of the patient's latest closed session of this entry; null when none
 * @param sinceLastEnd   ISO-8601 time from it to now; null when none
 * @param intervalLimit  the entry's minimum interval between sessions (ISO-8601)
 * @param windowStart    start of the rolling 7 days
 * @param earlier7Days   drug of this entry delivered in closed sessions that ended within the 7 days
 * @param thisSession    drug this prescription would give
 * @param total7Days     the two together: what the limit is held against
 * @param dosePer7DaysLimit the entry's limits, per kg where the library says so, and for this weight
 * @param openSessions   sessions of this entry still open (running or paused elsewhere; their dose is not yet known)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "CoursePicture", description = "the patient's earlier sessions and the course limits (SR-K1)")
public record CoursePicture(String patientId, String entry, List<SessionJson> sessions, int sessionNumber,
                            CountLimits sessionsLimit, @Nullable Instant lastEndedAt, @Nullable String sinceLastEnd,
                            DurationLimits intervalLimit, Instant windowStart,
                            ChannelView.QuantityJson earlier7Days, ChannelView.QuantityJson thisSession,
                            ChannelView.QuantityJson total7Days, AmountLimits dosePer7DaysLimit, int openSessions) {

    /** Count limits; null where the library has none. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CountLimits")
    public record CountLimits(@Nullable Integer softMax, @Nullable Integer hardMax) {
    }

    /** Duration limits as ISO-8601; null where the library has none. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "DurationLimits")
    public record DurationLimits(@Nullable String hardMin, @Nullable String softMin, @Nullable String softMax,
                                 @Nullable String hardMax) {
        static DurationLimits of(Bounds<Duration> b) {
            return new DurationLimits(b.hardMin().map(Duration::toString).orElse(null),
                    b.softMin().map(Duration::toString).orElse(null), b.softMax().map(Duration::toString).orElse(null),
                    b.hardMax().map(Duration::toString).orElse(null));
        }
    }

    /**
     * Dose limits as the library writes them ({@code 3 mg/kg}) and as an amount for this patient (rounded
     * down: toward less drug); null where the library has none.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AmountLimits")
    public record AmountLimits(@Nullable String softMaxAsWritten, ChannelView.@Nullable QuantityJson softMax,
                               @Nullable String hardMaxAsWritten, ChannelView.@Nullable QuantityJson hardMax) {
        static AmountLimits of(Bounds<Dose> b, BodyWeight weight) {
            return new AmountLimits(b.softMax().map(Dose::toString).orElse(null),
                    b.softMax().map(d -> ChannelView.QuantityJson.of(d.amountFor(weight, RoundingMode.FLOOR))).orElse(null),
                    b.hardMax().map(Dose::toString).orElse(null),
                    b.hardMax().map(d -> ChannelView.QuantityJson.of(d.amountFor(weight, RoundingMode.FLOOR))).orElse(null));
        }
    }

    /** The picture for a new session of {@code entry} giving {@code planned}, from the patient's sessions at {@code now}. */
    static CoursePicture of(String patientId, DrugEntry entry, BodyWeight weight, DrugAmount planned,
                            List<SessionSummary> sessions, Instant now) {
        List<SessionSummary> same = sessions.stream().filter(s -> s.drugId().equals(entry.id())).toList();
        Optional<Instant> lastEnd = same.stream().filter(s -> !s.isOpen()).map(SessionSummary::endedAt)
                .max(Instant::compareTo);
        Instant windowStart = now.minus(CourseLimits.ROLLING_WINDOW);
        DrugAmount earlier = DrugAmount.ofBase(planned.kind(), 0);
        for (SessionSummary s : same) {
            if (!s.isOpen() && s.endedAt().isAfter(windowStart) && s.delivered().kind() == planned.kind()) {
                earlier = earlier.plus(s.delivered());
            }
        }
        CourseLimits limits = entry.course();
        return new CoursePicture(patientId, entry.id(), sessions.stream().map(PatientController::json).toList(),
                same.size() + 1, new CountLimits(limits.sessions().softMax().orElse(null),
                limits.sessions().hardMax().orElse(null)),
                lastEnd.orElse(null), lastEnd.map(e -> Duration.between(e, now).withNanos(0).toString()).orElse(null),
                DurationLimits.of(limits.interval()), windowStart, ChannelView.QuantityJson.of(earlier),
                ChannelView.QuantityJson.of(planned), ChannelView.QuantityJson.of(earlier.plus(planned)),
                AmountLimits.of(limits.dosePer7Days(), weight), (int) same.stream().filter(SessionSummary::isOpen).count());
    }
}
