package dev.shaperemote.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The development credentials the build makes once per checkout, in {@code target/dev-credentials}: an RSA
 * key pair that signs the tokens of {@code shape-remote token}, and the Admin Center password of the servers
 * that {@code mvn liberty:run} and the integration tests start. Each file is readable by its owner only.
 * Nothing here goes into the WAR: a server trusts the key only when it is told to (the pom does so for the
 * servers it starts; {@code token --mp-config} prints the lines for any other).
 */
public final class DevCredentials {
    /** The issuer of development tokens; a production server is configured with its organisation's issuer instead. */
    public static final String ISSUER = "shape-remote-dev";
    static final String PRIVATE_KEY = "private-key.pem";
    static final String PUBLIC_KEY = "public-key.pem";
    static final String ADMIN_SECRETS = "admin-secrets.xml";

    private final Path dir;

    public DevCredentials(Path dir) { this.dir = dir; }

    /** Makes whatever is missing; what exists is kept, so tokens minted earlier stay valid. */
    public static void main(String[] args) {
        DevCredentials credentials = new DevCredentials(Path.of(args.length > 0 ? args[0] : "target/dev-credentials"));
        if (credentials.ensure()) {
            System.out.println("Development credentials made in " + credentials.dir.toAbsolutePath()
                    + ": Admin Center user 'admin', its password in " + ADMIN_SECRETS);
        }
    }

    public Path dir() { return dir; }

    public Path publicKey() { return dir.resolve(PUBLIC_KEY); }

    /** Makes the key pair and the administrator password if missing; true when anything was made. */
    public boolean ensure() {
        try {
            Files.createDirectories(dir);
            boolean made = false;
            if (!Files.exists(dir.resolve(PRIVATE_KEY))) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                writeOwnerOnly(PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                writeOwnerOnly(PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                made = true;
            }
            Path secrets = dir.resolve(ADMIN_SECRETS);
            if (Files.exists(secrets) && !Files.readString(secrets).contains("shapeJmsAuth")) {
                Files.delete(secrets); // made before the worker's JMS identity lived there: made again, whole
            }
            if (!Files.exists(secrets)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                writeOwnerOnly(ADMIN_SECRETS, """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!-- Made by the build for this checkout only (DevCredentials): the Admin Center login of local servers. -->
                        <server>
                            <quickStartSecurity userName="admin" userPassword="%s"/>
                            <!-- The identity of the worker's own JMS work (listener, replies), under messaging security. -->
                            <variable name="shape.jms.user" value="admin"/>
                            <authData id="shapeJmsAuth" user="admin" password="%s"/>
                        </server>
                        """.formatted(password, password));
                made = true;
            }
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make an RSA key pair", e);
        }
    }

    /** The signing key, or a message that says how to make it. */
    public PrivateKey privateKey() {
        Path file = dir.resolve(PRIVATE_KEY);
        if (!Files.isReadable(file)) {
            throw new CliError("UsageError", "no development signing key at " + file.toAbsolutePath()
                    + "; build this checkout first (mvn -B package -DskipTests), or pass --keys DIR");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CliError("UsageError", file.toAbsolutePath() + " is not an RSA private key in PEM form");
        }
    }

    private void writeOwnerOnly(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return; // another build made it meanwhile; keep theirs
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
