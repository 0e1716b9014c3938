package org.dosewarden.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vitals messages: any subset accepted; nothing unusable is dropped silently (clinical.md "Data quality"). */
@org.junit.jupiter.api.Timeout(180)
class VitalsParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-03-02T09:00:00Z");

    private static VitalsReading parse(String json) {
        return VitalsParser.parse("a", json.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Test
    void fullMessageIsRead() {
        VitalsReading r = parse("{\"ts\":\"2026-03-02T08:59:30Z\",\"sbp\":132,\"dbp\":84,\"hr\":76,\"spo2\":97,\"rr\":14}");
        assertEquals(Map.of(VitalSign.SYSTOLIC_BP, 132, VitalSign.DIASTOLIC_BP, 84, VitalSign.HEART_RATE, 76,
                VitalSign.SPO2, 97, VitalSign.RESPIRATORY_RATE, 14), r.values());
        assertEquals(Instant.parse("2026-03-02T08:59:30Z"), r.measuredAt());
        assertFalse(r.timestampFromReceipt());
        assertFalse(r.hasInvalidData());
    }

    @Test
    @DisplayName("any subset: a missing sign is simply not measured (staleness is the core's business)")
    void subsetIsAccepted() {
        VitalsReading r = parse("{\"spo2\":95}");
        assertEquals(Map.of(VitalSign.SPO2, 95), r.values());
        assertTrue(r.timestampFromReceipt());
        assertEquals(RECEIVED, r.measuredAt());
        assertFalse(r.hasInvalidData());
    }

    @Test
    void epochMillisecondsTimestamp() {
        assertEquals(Instant.ofEpochMilli(1772441970000L), parse("{\"ts\":1772441970000,\"hr\":70}").measuredAt());
    }

    @Test
    void wholeNumberWrittenAsDecimalIsAccepted() {
        assertEquals(98, parse("{\"spo2\":98.0}").value(VitalSign.SPO2).orElseThrow());
    }

    @Test
    void unknownMembersAreIgnored() {
        VitalsReading r = parse("{\"hr\":70,\"source\":\"monitor-3\",\"temp\":36.8}");
        assertEquals(Map.of(VitalSign.HEART_RATE, 70), r.values());
        assertFalse(r.hasInvalidData());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @DisplayName("invalid values are passed on with the reason, never dropped")
    @CsvSource(delimiter = '|', value = {
        "{\"sbp\":0}                | SBP  | systolic blood pressure 0 mmHg is outside the plausible range 1-350 mmHg",
        "{\"hr\":NaN}               | HR   | heart rate is NaN, not a reading",
        "{\"spo2\":Infinity}        | SPO2 | SpO2 is Infinity, not a reading",
        "{\"hr\":\"NaN\"}           | HR   | heart rate is not a number",
        "{\"dbp\":null}             | DBP  | diastolic blood pressure is null",
        "{\"spo2\":101}             | SPO2 | SpO2 101 % is outside the plausible range 1-100 %",
        "{\"rr\":-4}                | RR   | respiratory rate -4 /min is outside the plausible range 1-150 /min",
        "{\"sbp\":120.5}            | SBP  | systolic blood pressure 120.5 is not a whole number of mmHg",
        "{\"ts\":\"yesterday\",\"hr\":70} | TS | ts 'yesterday' is not an ISO-8601 instant such as 2026-01-01T08:00:00Z",
        "{\"ts\":true,\"hr\":70}    | TS   | ts must be an ISO-8601 instant string or epoch milliseconds",
    })
    void invalidValuesAreMarked(String json, VitalsReading.Field field, String reason) {
        VitalsReading r = parse(json);
        assertTrue(r.hasInvalidData(), json);
        assertEquals(1, r.invalid().size(), r.invalid().toString());
        assertEquals(field, r.invalid().get(0).field());
        assertEquals(reason, r.invalid().get(0).reason());
    }

    @Test
    @DisplayName("an invalid value does not hide the valid ones beside it")
    void validValuesBesideAnInvalidOneAreKept() {
        VitalsReading r = parse("{\"sbp\":185,\"dbp\":0,\"hr\":90}");
        assertEquals(185, r.value(VitalSign.SYSTOLIC_BP).orElseThrow());
        assertEquals(90, r.value(VitalSign.HEART_RATE).orElseThrow());
        assertTrue(r.value(VitalSign.DIASTOLIC_BP).isEmpty());
        assertEquals(VitalsReading.Field.DBP, r.invalid().get(0).field());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("an unreadable message arrives as one MESSAGE problem")
    @CsvSource(delimiter = '|', value = {
        "not json at all       | vitals message not JSON",
        "[120, 80]             | vitals message not a JSON object",
        "{\"sbp\":120,\"sbp\":190} | vitals message not JSON",
        "''                    | vitals message not a JSON object",
    })
    void unreadableMessage(String payload, String reasonStart) {
        VitalsReading r = parse(payload);
        assertTrue(r.values().isEmpty());
        assertEquals(VitalsReading.Field.MESSAGE, r.invalid().get(0).field());
        assertTrue(r.invalid().get(0).reason().startsWith(reasonStart), r.invalid().get(0).reason());
        assertEquals(RECEIVED, r.receivedAt());
    }

    @Test
    void oversizedMessageIsRefusedWithTheLimit() {
        VitalsReading r = VitalsParser.parse("a", new byte[5000], RECEIVED);
        assertEquals("vitals message message is 5000 bytes, more than the limit of 4096",
                r.invalid().get(0).reason());
    }
}
