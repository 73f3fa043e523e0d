package org.warmpool.engine.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Archives a stranger might send, good and bad, built in memory (or generated on the fly, for
 * the big ones) so that every test of code that accepts submissions can throw the same ones
 * at it. Each method's name says what is wrong with its archive; the valid ones say so too.
 */
public final class HostileArchives {

    /** What every valid archive here has as its {@code cyber-dojo.sh}. */
    public static final String CYBER_DOJO_SH = "python3 -m pytest -q test_*.py\n";

    private HostileArchives() {
    }

    @FunctionalInterface
    public interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    // ---------------------------------------------------------------- building blocks

    /** A tar written by commons-compress (POSIX long names, UTF-8 names, no pax for non-ASCII). */
    public static byte[] tar(TarBody body) {
        return tar(StandardCharsets.UTF_8.name(), body);
    }

    /** A tar whose names are encoded with {@code encoding}, for names that are not UTF-8. */
    public static byte[] tar(String encoding, TarBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, encoding)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] tgz(TarBody body) {
        return gzip(tar(body));
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An entry with a whole-second time: commons-compress writes a pax header for a time with a
     * fraction of a second, which would put a header the test did not ask for before every entry.
     */
    public static TarArchiveEntry entry(String name, byte type, boolean preserveAbsolutePath) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, preserveAbsolutePath);
        entry.setModTime(FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        return entry;
    }

    public static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    public static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        file(tar, name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void folder(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true));
        tar.closeArchiveEntry();
    }

    /** An entry of any type with no content, such as a link, a device or a FIFO. */
    public static void special(TarArchiveOutputStream tar, String name, byte type, String linkName) throws IOException {
        TarArchiveEntry entry = entry(name, type, true);
        if (linkName != null) {
            entry.setLinkName(linkName);
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A raw pax extended header ({@code 'x'}) or global header ({@code 'g'}) with exactly these records. */
    public static void paxHeader(TarArchiveOutputStream tar, byte type, Map<String, byte[]> records) throws IOException {
        byte[] data = paxRecords(records);
        TarArchiveEntry entry = entry("PaxHeaders/entry", type, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /** A pax header ('x' or 'g') as raw tar bytes, for what commons-compress writes its own way ('g'). */
    public static byte[] rawPaxHeader(byte type, Map<String, byte[]> records) {
        byte[] data = paxRecords(records);
        return concat(rawHeader(ascii("PaxHeaders/entry"), data.length, type, true), data,
                new byte[(512 - data.length % 512) % 512]);
    }

    public static byte[] paxRecords(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((keyword, value) -> {
            byte[] key = keyword.getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + value.length + 1;
            int length = body + 1;
            while (String.valueOf(length).length() + body != length) {
                length = String.valueOf(length).length() + body;
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** A ustar header written byte by byte, for what a tar library refuses to write. */
    public static byte[] rawHeader(byte[] name, long size, byte type, boolean ustarMagic) {
        byte[] header = new byte[512];
        System.arraycopy(name, 0, header, 0, Math.min(name.length, 100));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 946684800L);
        header[156] = type;
        if (ustarMagic) {
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
            header[263] = '0';
            header[264] = '0';
        }
        return withChecksum(header);
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        byte[] digits = String.format("%0" + (length - 1) + "o\0", value).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, header, offset, length);
    }

    /** Two empty records: the end of a tar. */
    public static byte[] endOfArchive() {
        return new byte[1024];
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void cyberDojoSh(TarArchiveOutputStream tar, String folder) throws IOException {
        file(tar, folder + "cyber-dojo.sh", CYBER_DOJO_SH);
    }

    private static byte[] withCyberDojoSh(TarBody rest) {
        return tgz(tar -> {
            cyberDojoSh(tar, "");
            rest.write(tar);
        });
    }

    // ---------------------------------------------------------------- valid archives

    /** The files of {@link #validSubmission()}. */
    public static Map<String, byte[]> validFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cyber-dojo.sh", CYBER_DOJO_SH.getBytes(StandardCharsets.UTF_8));
        files.put("hiker.py", "def answer():\n    return 6 * 9\n".getBytes(StandardCharsets.UTF_8));
        files.put("test_hiker.py", ("from hiker import answer\n\ndef test_life():\n"
                + "    assert answer() == 42\n").getBytes(StandardCharsets.UTF_8));
        files.put("readme/notes.txt", "Ünïcödé is fine\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Valid: {@code cyber-dojo.sh} and three more files, one in a folder. */
    public static byte[] validSubmission() {
        return tgz(tar -> {
            folder(tar, "readme");
            for (Map.Entry<String, byte[]> file : validFiles().entrySet()) {
                file(tar, file.getKey(), file.getValue());
            }
        });
    }

    /** Valid: everything inside {@code kata/}, as {@code tar czf x.tgz kata} writes it. */
    public static byte[] singleTopFolder() {
        return tgz(tar -> {
            folder(tar, "kata");
            folder(tar, "kata/readme");
            for (Map.Entry<String, byte[]> file : validFiles().entrySet()) {
                file(tar, "kata/" + file.getKey(), file.getValue());
            }
        });
    }

    /** Valid: names as {@code tar czf x.tgz -C kata .} writes them, {@code ./} first. */
    public static byte[] dotSlashNames() {
        return tgz(tar -> {
            folder(tar, "./");
            cyberDojoSh(tar, "./");
            folder(tar, "./src");
            file(tar, "./src/app.py", "print('hi')\n");
        });
    }

    /** Valid: a global pax header with the commit id as a comment, as {@code git archive} writes. */
    public static byte[] gitArchiveWithGlobalComment() {
        return gzip(concat(rawPaxHeader(TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER,
                        Map.of("comment", ascii("4b825dc642cb6eb9a060e54bf8d69288fbee4904"))),
                tar(tar -> cyberDojoSh(tar, ""))));
    }

    /** Valid: the tar split in two and each half gzip'd on its own, as {@code cat a.gz b.gz}. */
    public static byte[] concatenatedGzipMembers() {
        byte[] tar = tar(tar1 -> {
            cyberDojoSh(tar1, "");
            file(tar1, "hiker.py", "x = 1\n");
        });
        int half = tar.length / 2;
        return concat(gzip(Arrays.copyOfRange(tar, 0, half)), gzip(Arrays.copyOfRange(tar, half, tar.length)));
    }

    /** Valid: text after the tar's end-of-archive records, inside the gzip stream. */
    public static byte[] trailingGarbageAfterTarEnd() {
        byte[] tar = tar(t -> cyberDojoSh(t, ""));
        return gzip(concat(tar, "this is not part of the archive\n".repeat(40).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Valid: zero bytes after the gzip stream, which gzip ignores. */
    public static byte[] zeroPaddingAfterGzip() {
        return concat(withCyberDojoSh(tar -> { }), new byte[1000]);
    }

    /** Valid: a GNU tar type '7' (contiguous file), which every tar reads as a regular file. */
    public static byte[] contiguousFileType() {
        byte[] content = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        byte[] padding = new byte[512 - content.length];
        return gzip(concat(rawHeader(ascii("cyber-dojo.sh"), content.length, (byte) '7', true), content, padding,
                endOfArchive()));
    }

    /** Valid: a tar with the end-of-archive records missing, which GNU tar also accepts. */
    public static byte[] noEndOfArchiveRecords() {
        byte[] content = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        return gzip(concat(rawHeader(ascii("cyber-dojo.sh"), content.length, (byte) '0', true), content,
                new byte[512 - content.length]));
    }

    // ---------------------------------------------------------------- not a tgz at all

    public static byte[] emptyInput() {
        return new byte[0];
    }

    public static byte[] plainText() {
        return "#!/bin/bash\npython3 -m pytest\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A real zip archive holding {@code cyber-dojo.sh}, as a file manager's "compress" makes. */
    public static byte[] zipFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("cyber-dojo.sh"));
            zip.write(CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A valid tar that was never gzip'd. */
    public static byte[] plainTarNotGzipped() {
        return tar(tar -> cyberDojoSh(tar, ""));
    }

    /** A valid submission with its second half cut off. */
    public static byte[] truncatedGzip() {
        byte[] whole = validSubmission();
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /** A valid gzip stream of random bytes: not a tar inside. */
    public static byte[] gzipOfRandomGarbage() {
        return gzip(randomBytes(8192, 7));
    }

    /** A valid gzip stream of fewer bytes than one tar header. */
    public static byte[] gzipOfShortText() {
        return gzip("hello".getBytes(StandardCharsets.US_ASCII));
    }

    /** A valid gzip stream of nothing. */
    public static byte[] gzipOfNothing() {
        return gzip(new byte[0]);
    }

    /** A valid submission whose gzip CRC-32 does not match its data. */
    public static byte[] gzipWithWrongChecksum() {
        byte[] tgz = validSubmission();
        tgz[tgz.length - 8] ^= 0x55;
        return tgz;
    }

    /** A gzip header followed by bytes that are not deflate data. */
    public static byte[] gzipWithCorruptDeflateData() {
        byte[] tgz = validSubmission();
        byte[] corrupt = Arrays.copyOf(tgz, tgz.length);
        // 0xff as the first deflate byte is a block type that does not exist (BTYPE=11).
        corrupt[10] = (byte) 0xff;
        return corrupt;
    }

    /** Something that is not gzip after a valid gzip stream. */
    public static byte[] trailingGarbageAfterGzip() {
        return concat(withCyberDojoSh(tar -> { }), "GARBAGE".getBytes(StandardCharsets.US_ASCII));
    }

    /** A valid submission followed by 1,100 empty gzip members, each costing an inflater. */
    public static byte[] tooManyGzipMembers() {
        byte[] empty = gzip(new byte[0]);
        byte[][] parts = new byte[1101][];
        parts[0] = withCyberDojoSh(tar -> { });
        Arrays.fill(parts, 1, parts.length, empty);
        return concat(parts);
    }

    // ---------------------------------------------------------------- broken tar inside good gzip

    /** The second tar header has a byte changed after its checksum was written. */
    public static byte[] corruptHeaderChecksum() {
        byte[] tar = tar(t -> {
            folder(t, "src");
            cyberDojoSh(t, "");
        });
        tar[512 + 1] ^= 0x01; // the second header's name
        return gzip(tar);
    }

    /** A header without the "ustar" magic, as pre-POSIX tars wrote. */
    public static byte[] v7HeaderWithoutMagic() {
        byte[] content = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        return gzip(concat(rawHeader(ascii("cyber-dojo.sh"), content.length, (byte) '0', false), content,
                new byte[512 - content.length], endOfArchive()));
    }

    /** A file whose header promises 100 KiB of which the tar holds 1 KiB (the gzip itself is whole). */
    public static byte[] tarTruncatedInsideEntry() {
        return gzip(concat(rawHeader(ascii("cyber-dojo.sh"), 100 * 1024, (byte) '0', true), new byte[1024]));
    }

    /** A pax record whose length runs past the end of the header. */
    public static byte[] malformedPaxHeader() {
        return tgz(tar -> {
            byte[] bad = "99 path=cyber-dojo.sh\n".getBytes(StandardCharsets.US_ASCII);
            TarArchiveEntry pax = entry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            pax.setSize(bad.length);
            tar.putArchiveEntry(pax);
            tar.write(bad);
            tar.closeArchiveEntry();
            cyberDojoSh(tar, "");
        });
    }

    /** A pax header of 1 MiB (of a comment), read whole by most tar readers. */
    public static byte[] hugePaxHeader() {
        return tgz(tar -> {
            paxHeader(tar, TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("comment", new byte[1024 * 1024]));
            cyberDojoSh(tar, "");
        });
    }

    /** A pax header with nothing after it but the end of the archive. */
    public static byte[] paxHeaderWithoutEntry() {
        return tgz(tar -> {
            cyberDojoSh(tar, "");
            paxHeader(tar, TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("path", ascii("x")));
        });
    }

    /** A global pax header renaming every later entry. */
    public static byte[] globalPaxHeaderSettingPath() {
        return gzip(concat(rawPaxHeader(TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER,
                        Map.of("path", ascii("cyber-dojo.sh"))),
                tar(tar -> file(tar, "a.txt", "a"))));
    }

    /** A size field holding letters instead of octal digits. */
    public static byte[] corruptSizeField() {
        byte[] header = rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true);
        System.arraycopy(ascii("0000000zzzz\0"), 0, header, 124, 12);
        return gzip(concat(withChecksum(header), endOfArchive()));
    }

    /** A size in GNU's base-256 form, claiming 2^72 bytes. */
    public static byte[] base256HugeSize() {
        byte[] header = rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true);
        Arrays.fill(header, 124, 136, (byte) 0);
        header[124] = (byte) 0x80;
        header[126] = 1; // 2^80
        return gzip(concat(withChecksum(header), endOfArchive()));
    }

    /** Valid: a pax {@code size} record, which overrides the header's size field (GNU tar writes it for 8 GiB and more). */
    public static byte[] paxSizeOverridingTheHeader() {
        byte[] content = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        return gzip(concat(rawPaxHeader(TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("size", ascii(String.valueOf(content.length)))),
                rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true), content, new byte[512 - content.length],
                endOfArchive()));
    }

    /** A pax {@code size} record claiming a terabyte. */
    public static byte[] paxSizeOfATerabyte() {
        return gzip(concat(rawPaxHeader(TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("size", ascii("1099511627776"))),
                rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true), endOfArchive()));
    }

    /** A pax {@code size} record that is not a number. */
    public static byte[] paxSizeNotANumber() {
        return gzip(concat(rawPaxHeader(TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("size", ascii("-1"))),
                rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true), endOfArchive()));
    }

    /** A header whose checksum is recomputed after it was changed by hand. */
    public static byte[] withChecksum(byte[] header) {
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        System.arraycopy(String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 0, header, 148, 8);
        return header;
    }

    /** A folder entry that claims content. */
    public static byte[] folderWithContent() {
        return gzip(concat(rawHeader(ascii("src/"), 512, (byte) '5', true), new byte[512],
                rawHeader(ascii("cyber-dojo.sh"), 0, (byte) '0', true), endOfArchive()));
    }

    // ---------------------------------------------------------------- entries that are not files

    public static byte[] symlinkToEtcPasswd() {
        return withCyberDojoSh(tar -> special(tar, "passwd", TarConstants.LF_SYMLINK, "/etc/passwd"));
    }

    /** A symlink pointing up and out, then a file written through it. */
    public static byte[] symlinkThenFileThroughIt() {
        return withCyberDojoSh(tar -> {
            special(tar, "up", TarConstants.LF_SYMLINK, "../../..");
            file(tar, "up/etc/cron.d/evil", "* * * * * root sh -c 'id'\n");
        });
    }

    public static byte[] hardLinkToEtcPasswd() {
        return withCyberDojoSh(tar -> special(tar, "passwd", TarConstants.LF_LINK, "/etc/passwd"));
    }

    public static byte[] characterDevice() {
        return withCyberDojoSh(tar -> {
            TarArchiveEntry dev = entry("mem", TarConstants.LF_CHR, true);
            dev.setDevMajor(1);
            dev.setDevMinor(1);
            tar.putArchiveEntry(dev);
            tar.closeArchiveEntry();
        });
    }

    public static byte[] blockDevice() {
        return withCyberDojoSh(tar -> {
            TarArchiveEntry dev = entry("sda", TarConstants.LF_BLK, true);
            dev.setDevMajor(8);
            tar.putArchiveEntry(dev);
            tar.closeArchiveEntry();
        });
    }

    public static byte[] fifo() {
        return withCyberDojoSh(tar -> special(tar, "pipe", TarConstants.LF_FIFO, null));
    }

    /** An old GNU sparse entry (type 'S'), which can unpack to far more than it holds. */
    public static byte[] gnuSparseFile() {
        return withCyberDojoSh(tar -> special(tar, "holes.bin", TarConstants.LF_GNUTYPE_SPARSE, null));
    }

    /** A PAX-format sparse file (GNU.sparse.* keywords), as {@code tar --sparse --format=posix} writes. */
    public static byte[] paxSparseFile() {
        return withCyberDojoSh(tar -> {
            Map<String, byte[]> records = new LinkedHashMap<>();
            records.put("GNU.sparse.major", ascii("1"));
            records.put("GNU.sparse.minor", ascii("0"));
            records.put("GNU.sparse.name", ascii("holes.bin"));
            records.put("GNU.sparse.realsize", ascii("1099511627776"));
            paxHeader(tar, TarConstants.LF_PAX_EXTENDED_HEADER_LC, records);
            file(tar, "GNUSparseFile.0/holes.bin", new byte[512]);
        });
    }

    /** A GNU volume label entry (type 'V'). */
    public static byte[] volumeLabel() {
        return withCyberDojoSh(tar -> special(tar, "MY VOLUME", (byte) 'V', null));
    }

    /** An entry of a vendor type tar has no meaning for ('Z'). */
    public static byte[] unknownEntryType() {
        return withCyberDojoSh(tar -> special(tar, "mystery", (byte) 'Z', null));
    }

    // ---------------------------------------------------------------- paths that escape or mislead

    public static byte[] absolutePath() {
        return withCyberDojoSh(tar -> file(tar, "/etc/passwd", "root::0:0::/root:/bin/bash\n"));
    }

    /** An absolute path hidden in a pax header, which some readers quietly make relative. */
    public static byte[] absolutePathInPaxHeader() {
        return withCyberDojoSh(tar -> {
            paxHeader(tar, TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("path", ascii("/etc/cron.d/evil")));
            file(tar, "harmless.txt", "* * * * * root id\n");
        });
    }

    public static byte[] dotDotEscape() {
        return withCyberDojoSh(tar -> file(tar, "../etc/passwd", "root::0:0::/root:/bin/bash\n"));
    }

    public static byte[] dotDotInTheMiddle() {
        return withCyberDojoSh(tar -> file(tar, "src/../../outside.txt", "x"));
    }

    /** {@code ..} in a GNU long name ('L' record), the other way to carry a name over 100 bytes. */
    public static byte[] dotDotInGnuLongName() {
        byte[] name = ("../" + "x".repeat(120)).getBytes(StandardCharsets.US_ASCII);
        byte[] nameRecord = Arrays.copyOf(name, 512);
        return gzip(concat(rawHeader(ascii("././@LongLink"), name.length, (byte) 'L', true), nameRecord,
                rawHeader(ascii("x".repeat(99)), 0, (byte) '0', true), endOfArchive()));
    }

    public static byte[] emptyFolderNameInPath() {
        return withCyberDojoSh(tar -> file(tar, "src//app.py", "x"));
    }

    public static byte[] dotFolderInTheMiddle() {
        return withCyberDojoSh(tar -> file(tar, "src/./app.py", "x"));
    }

    /** A file {@code folders} folders deep. */
    public static byte[] deepNesting(int folders) {
        StringBuilder path = new StringBuilder();
        for (int i = 1; i <= folders; i++) {
            path.append('d').append(i).append('/');
        }
        return withCyberDojoSh(tar -> file(tar, path + "deep.txt", "deep"));
    }

    /** {@code files} files (counting {@code cyber-dojo.sh}) and no folders. */
    public static byte[] manyEntries(int files) {
        return withCyberDojoSh(tar -> {
            for (int i = 1; i < files; i++) {
                file(tar, String.format("f%04d.txt", i), "x");
            }
        });
    }

    /** A file whose name is {@code bytes} bytes long (ASCII, in a pax header). */
    public static byte[] nameOfBytes(int bytes) {
        return withCyberDojoSh(tar -> file(tar, "n".repeat(bytes), "long"));
    }

    public static byte[] duplicateEntry() {
        return withCyberDojoSh(tar -> {
            file(tar, "hiker.py", "print('first')\n");
            file(tar, "hiker.py", "print('second')\n");
        });
    }

    /** {@code x} and {@code ./x}: the same file under two names. */
    public static byte[] duplicateEntryUnderTwoSpellings() {
        return withCyberDojoSh(tar -> {
            file(tar, "hiker.py", "print('first')\n");
            file(tar, "./hiker.py", "print('second')\n");
        });
    }

    /** A file {@code src} and then a folder {@code src/}. */
    public static byte[] fileAndFolderWithTheSameName() {
        return withCyberDojoSh(tar -> {
            file(tar, "src", "I am a file");
            folder(tar, "src");
        });
    }

    /** A file {@code lib} and then a file {@code lib/x.py}, which needs {@code lib} to be a folder. */
    public static byte[] fileInsideAFile() {
        return withCyberDojoSh(tar -> {
            file(tar, "lib", "I am a file");
            file(tar, "lib/x.py", "x = 1\n");
        });
    }

    /** A name holding the byte 0xff, which is never valid UTF-8. */
    public static byte[] invalidUtf8Name() {
        byte[] tar = tar(StandardCharsets.ISO_8859_1.name(), t -> {
            cyberDojoSh(t, "");
            file(t, "caf\u00ff.txt", "x");
        });
        return gzip(tar);
    }

    /** A name with a NUL inside, carried by a pax header (a ustar field would just end at it). */
    public static byte[] nameWithNul() {
        return withCyberDojoSh(tar -> {
            paxHeader(tar, TarConstants.LF_PAX_EXTENDED_HEADER_LC, Map.of("path", ascii("evil\0.txt")));
            file(tar, "evil.txt", "x");
        });
    }

    public static byte[] nameWithNewline() {
        return withCyberDojoSh(tar -> file(tar, "two\nlines.txt", "x"));
    }

    public static byte[] nameWithEscapeSequence() {
        return withCyberDojoSh(tar -> file(tar, "\u001b[2Jcleared.txt", "x"));
    }

    /** No {@code cyber-dojo.sh} anywhere. */
    public static byte[] withoutCyberDojoSh() {
        return tgz(tar -> file(tar, "hiker.py", "x = 1\n"));
    }

    /** {@code cyber-dojo.sh} in one of two top folders. */
    public static byte[] twoTopFolders() {
        return tgz(tar -> {
            cyberDojoSh(tar, "a/");
            file(tar, "b/hiker.py", "x = 1\n");
        });
    }

    /** {@code cyber-dojo.sh} two folders down. */
    public static byte[] cyberDojoShTwoFoldersDown() {
        return tgz(tar -> cyberDojoSh(tar, "kata/inner/"));
    }

    /** Only the end-of-archive records. */
    public static byte[] emptyTar() {
        return gzip(tar(tar -> { }));
    }

    // ---------------------------------------------------------------- too large

    /** {@code files} files of {@code bytes} zeros each: small compressed, large unpacked. */
    public static byte[] manyFilesOfZeros(int files, int bytes) {
        return withCyberDojoSh(tar -> {
            byte[] zeros = new byte[bytes];
            for (int i = 1; i <= files; i++) {
                file(tar, "zeros-" + i + ".bin", zeros);
            }
        });
    }

    /** A submission with one file of {@code bytes} random (incompressible) bytes. */
    public static byte[] incompressible(int bytes) {
        return withCyberDojoSh(tar -> file(tar, "noise.bin", randomBytes(bytes, 42)));
    }

    /**
     * {@code zeros} zero bytes, gzip'd while being read: 1 GiB of zeros is about 1 MiB of gzip,
     * and only as much of it as is read is ever made. No tar header: read as tar, the zeros end
     * the archive at once, and what follows is trailing data.
     */
    public static InputStream gzipBombOfZeros(long zeros) {
        return gzipOnTheFly(new ZeroInputStream(zeros));
    }

    /** A tar with {@code cyber-dojo.sh} and one file whose header claims {@code size} bytes of zeros, which follow. */
    public static InputStream tarBombDeclaringOneHugeFile(long size) {
        byte[] script = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        byte[] head = concat(rawHeader(ascii("cyber-dojo.sh"), script.length, (byte) '0', true), script,
                new byte[512 - script.length], rawHeader(ascii("bomb.bin"), size, (byte) '0', true));
        return gzipOnTheFly(new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head), new ZeroInputStream(size),
                new ByteArrayInputStream(new byte[(int) ((512 - size % 512) % 512) + 1024])))));
    }

    /**
     * An upload that never ends: a tar header claiming a 15 MiB file, then random bytes gzip'd
     * forever. Only a reader that stops at its compressed limit returns.
     */
    public static InputStream endlessUpload() {
        byte[] script = CYBER_DOJO_SH.getBytes(StandardCharsets.US_ASCII);
        byte[] head = concat(rawHeader(ascii("cyber-dojo.sh"), script.length, (byte) '0', true), script,
                new byte[512 - script.length], rawHeader(ascii("noise.bin"), 15L * 1024 * 1024, (byte) '0', true));
        return gzipOnTheFly(new SequenceInputStream(new ByteArrayInputStream(head), new RandomInputStream(1)));
    }

    /** Gzip's bytes produced as they are read, from a source that is never held whole. */
    public static InputStream gzipOnTheFly(InputStream source) {
        CRC32 crc = new CRC32();
        long[] length = {0};
        InputStream counted = new FilterInputStream(source) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    length[0] += n;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }
        };
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff};
        InputStream deflated = new DeflaterInputStream(counted, new Deflater(Deflater.BEST_COMPRESSION, true), 64 * 1024);
        InputStream trailer = new InputStream() {
            private ByteArrayInputStream bytes;

            @Override
            public int read() {
                if (bytes == null) {
                    long c = crc.getValue();
                    long n = length[0];
                    bytes = new ByteArrayInputStream(new byte[] {
                            (byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                            (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
                }
                return bytes.read();
            }
        };
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(header), deflated, trailer)));
    }

    /** Counts the bytes a reader pulls from {@code in}. */
    public static final class CountingInputStream extends FilterInputStream {
        private long count;

        public CountingInputStream(InputStream in) {
            super(in);
        }

        public long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static final class ZeroInputStream extends InputStream {
        private long left;

        ZeroInputStream(long zeros) {
            this.left = zeros;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    private static final class RandomInputStream extends InputStream {
        private final SplittableRandom random;

        RandomInputStream(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                b[i] = (byte) random.nextInt(256);
            }
            return len;
        }
    }

    /** {@code n} random bytes, the same for the same seed. */
    public static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new RandomInputStream(seed).read(bytes, 0, n);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
