package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dosewarden.api.security.Role;
import org.dosewarden.api.security.UserDirectory;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.library.DrugLibraryService;

/**
 * The effective configuration, for the admin who maintains the installation. Never shows a secret: users
 * are listed with their roles only, never with their hashes.
 */
@Controller("/api/configuration")
@Tag(name = "configuration")
public class ConfigurationController {

    private final Environment environment;
    private final UserDirectory users;
    private final DrugLibraryService library;
    private final BeanProvider<ChannelDirectory> channels;
    private final String dataDir;
    private final Duration intentTimeout;

    ConfigurationController(Environment environment, UserDirectory users, DrugLibraryService library,
                            BeanProvider<ChannelDirectory> channels,
                            @Value("${dosewarden.data-dir:./data}") String dataDir,
                            @Value("${dosewarden.api.intent-timeout:5s}") Duration intentTimeout) {
        this.environment = environment;
        this.users = users;
        this.library = library;
        this.channels = channels;
        this.dataDir = dataDir;
        this.intentTimeout = intentTimeout;
    }

    /** The effective configuration. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Configuration")
    public record ConfigurationJson(Set<String> environments, String dataDir, String intentTimeout,
                                    DrugLibraryJson drugLibrary, List<UserJson> users, List<ChannelJson> channels) {
    }

    /** The drug library in use. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ConfiguredDrugLibrary")
    public record DrugLibraryJson(String source, boolean loaded, @Nullable String version, @Nullable String failure) {
    }

    /** A user, without secrets. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ConfiguredUser")
    public record UserJson(String name, List<String> roles) {
    }

    /** A channel's configuration. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ConfiguredChannel")
    public record ChannelJson(String name, boolean enabled, String statusReason, String pumpProfile, String port) {
    }

    @Get
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Effective configuration: environments, data directory, drug library, users (roles only), channels")
    public ConfigurationJson get() {
        List<UserJson> userList = users.names().stream().sorted()
                .map(n -> new UserJson(n, users.find(n).orElseThrow().roles().stream().map(Role::configName).sorted()
                        .toList()))
                .toList();
        List<ChannelJson> channelList = channels.isPresent()
                ? channels.get().channels().stream().map(c -> {
                    ChannelSnapshot s = c.snapshot();
                    return new ChannelJson(s.name(), s.enabled(), s.statusReason(), s.pumpProfile(), s.port());
                }).toList()
                : List.of();
        return new ConfigurationJson(new TreeSet<>(environment.getActiveNames()), dataDir, intentTimeout.toString(),
                new DrugLibraryJson(library.location(), library.library().isPresent(),
                        library.library().map(l -> l.version()).orElse(null), library.problem().orElse(null)),
                userList, channelList);
    }
}
