package org.dosewarden.pump.profile;

import java.util.List;

/**
 * What a protocol family checks in a profile beyond the schema: that its code reproduces the profile's checksum
 * test vectors, that the framings and features named exist in that family. Each family's package provides one,
 * registered in {@code META-INF/services/org.dosewarden.pump.profile.FamilyRules}, so this package needs no
 * driver code; {@link DeviceProfiles} refuses a profile whose family has none.
 */
public interface FamilyRules {

    /** The family named in profiles, e.g. {@code newera}. */
    String family();

    /**
     * The problems of a schema-valid profile of this family, each naming the field and what is wrong; empty when
     * it is consistent.
     */
    List<String> problems(DeviceProfile profile);
}
