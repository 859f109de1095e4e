package dev.shaperemote.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code shape-remote token}: prints a development bearer token signed with this checkout's key, or with
 * {@code --mp-config} the MicroProfile Config lines that make a server trust such tokens.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints a development bearer token that a worker started from this checkout (mvn liberty:run) accepts.",
                "Use it as --token, as SHAPE_REMOTE_TOKEN, or in an 'Authorization: Bearer' header.",
                "With --mp-config: prints the mp.jwt.verify.* lines that make any MicroProfile server trust these tokens."})
public final class TokenCommand extends PrintingCommand {
    @Option(names = "--subject", paramLabel = "NAME", description = "the caller's name (the token's sub and upn)")
    String subject;

    @Option(names = "--role", paramLabel = "ROLE", description = "shape-caller (the default) or shape-admin; repeat for both")
    List<String> roles;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "PT12H", description = "lifetime, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration ttl;

    @Option(names = "--keys", paramLabel = "DIR", description = "the development credentials (default: dev-credentials beside this jar)")
    Path keys;

    @Option(names = "--mp-config", description = "print the MicroProfile Config lines that trust this checkout's tokens")
    boolean mpConfig;

    @Override void print(PrintWriter out) {
        DevCredentials credentials = new DevCredentials(keys != null ? keys : defaultKeys());
        if (mpConfig) {
            out.println("mp.jwt.verify.publickey.location=" + credentials.publicKey().toAbsolutePath().toUri());
            out.println("mp.jwt.verify.issuer=" + DevCredentials.ISSUER);
        } else {
            if (subject == null || subject.isBlank()) throw new CliError("UsageError", "give --subject NAME");
            List<String> groups = roles == null || roles.isEmpty() ? List.of("shape-caller") : roles;
            for (String role : groups) {
                if (!role.equals("shape-caller") && !role.equals("shape-admin")) {
                    throw new CliError("UsageError", "--role is shape-caller or shape-admin, not " + role);
                }
            }
            out.println(DevTokens.mint(credentials.privateKey(), subject, groups, ttl));
        }
    }

    /** target/dev-credentials when run as target/shape-remote.jar; ./target/dev-credentials otherwise. */
    static Path defaultKeys() {
        try {
            Path jar = Path.of(TokenCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = jar.getParent();
            if (dir != null && jar.toString().endsWith(".jar")) return dir.resolve("dev-credentials");
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory's build
        }
        return Path.of("target", "dev-credentials");
    }
}
