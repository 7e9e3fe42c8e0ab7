package io.vigil.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files Vigil creates to hold a secret (a signing key, a pepper): readable by their owner only. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Creates the file, owner read/write only from its first byte (never world-readable for a
     * moment, whatever the umask), and writes the secret. Fails if the file exists.
     */
    public static void create(Path file, String secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            // Not a POSIX file system: the directory's permissions are all there is.
            Files.writeString(file, secret, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
    }
}
