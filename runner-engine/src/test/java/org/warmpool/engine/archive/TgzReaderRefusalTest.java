package org.warmpool.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.warmpool.engine.archive.ArchiveException.Reason.BAD_ARCHIVE;
import static org.warmpool.engine.archive.ArchiveException.Reason.TOO_LARGE;

import org.junit.jupiter.api.Test;
import org.warmpool.engine.archive.ArchiveException.Reason;

/**
 * What a stranger sees when a submission is refused. Every refusal names its reason and says,
 * in words, what was wrong with which entry.
 */
class TgzReaderRefusalTest {

    private static final ArchiveLimits DEFAULTS = ArchiveLimits.defaults();

    static void assertRefused(byte[] tgz, Reason reason, String... messageParts) {
        assertRefused(tgz, DEFAULTS, reason, messageParts);
    }

    static void assertRefused(byte[] tgz, ArchiveLimits limits, Reason reason, String... messageParts) {
        assertThatThrownBy(() -> TgzReader.read(tgz, limits))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(e.reason()).as("reason for: %s", e.getMessage()).isEqualTo(reason);
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).as("message").contains(part);
                    }
                });
    }

    // ---------------------------------------------------------------- not a gzip'd tar

    @Test
    void emptyInputIsRefused() {
        assertRefused(HostileArchives.emptyInput(), BAD_ARCHIVE, "archive is empty");
    }

    @Test
    void plainTextIsNotGzipAndTheMessageShowsItsFirstBytes() {
        assertRefused(HostileArchives.plainText(), BAD_ARCHIVE, "not a gzip file (first bytes are 23 21 2f 62)");
    }

    @Test
    void aZipFileIsRecognisedAsZip() {
        assertRefused(HostileArchives.zipFile(), BAD_ARCHIVE,
                "not a gzip file (first bytes are 50 4b 03 04)", "looks like a zip archive");
    }

    @Test
    void aTarThatWasNeverGzippedIsRecognisedAsTar() {
        assertRefused(HostileArchives.plainTarNotGzipped(), BAD_ARCHIVE, "not a gzip file", "tar that is not gzip'd");
    }

    @Test
    void aGzipCutInHalfIsTruncated() {
        assertRefused(HostileArchives.truncatedGzip(), BAD_ARCHIVE, "gzip stream is truncated");
    }

    @Test
    void aGzipWhoseChecksumDoesNotMatchIsCorrupt() {
        assertRefused(HostileArchives.gzipWithWrongChecksum(), BAD_ARCHIVE, "gzip stream is corrupt (checksum mismatch)");
    }

    @Test
    void aGzipWithBrokenDeflateDataIsCorrupt() {
        assertRefused(HostileArchives.gzipWithCorruptDeflateData(), BAD_ARCHIVE, "gzip stream is corrupt");
    }

    @Test
    void bytesOtherThanZerosAfterTheGzipStreamAreRefusedAsTarRefusesThem() {
        assertRefused(HostileArchives.trailingGarbageAfterGzip(), BAD_ARCHIVE,
                "unexpected bytes after the end of the gzip stream (first bytes are 47 41 52 42");
    }

    @Test
    void thousandsOfEmptyGzipMembersAreRefused() {
        assertRefused(HostileArchives.tooManyGzipMembers(), BAD_ARCHIVE, "more than 1024 members");
    }

    @Test
    void anUploadThatBreaksOffIsRefusedSayingHowFarItGot() {
        byte[] tgz = HostileArchives.validSubmission();
        java.io.InputStream breaksOff = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(tgz, 0, 100),
                new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        throw new java.io.IOException("Connection reset");
                    }
                });

        assertThatThrownBy(() -> TgzReader.read(breaksOff, DEFAULTS))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.reason()).isEqualTo(BAD_ARCHIVE))
                .hasMessage("reading the archive failed after 100 bytes (Connection reset)");
    }

    @Test
    void gzipOfRandomBytesIsNotATar() {
        assertRefused(HostileArchives.gzipOfRandomGarbage(), BAD_ARCHIVE,
                "not a tar archive (the gzip stream does not start with a tar header)");
    }

    @Test
    void gzipOfFewerBytesThanATarHeaderIsNotATar() {
        assertRefused(HostileArchives.gzipOfShortText(), BAD_ARCHIVE, "not a tar archive", "only 5 bytes");
    }

    @Test
    void gzipOfNothingIsNotATar() {
        assertRefused(HostileArchives.gzipOfNothing(), BAD_ARCHIVE, "not a tar archive (the gzip stream is empty)");
    }

    // ---------------------------------------------------------------- broken tar

    @Test
    void aHeaderChangedAfterItsChecksumWasWrittenIsCorrupt() {
        assertRefused(HostileArchives.corruptHeaderChecksum(), BAD_ARCHIVE,
                "tar header at offset 512 is corrupt (checksum mismatch), after entry \"src/\"");
    }

    @Test
    void aPrePosixHeaderIsRefusedWithAdvice() {
        assertRefused(HostileArchives.v7HeaderWithoutMagic(), BAD_ARCHIVE, "no \"ustar\" magic");
    }

    @Test
    void aFileCutShortInsideTheTarIsTruncated() {
        assertRefused(HostileArchives.tarTruncatedInsideEntry(), BAD_ARCHIVE,
                "tar archive is truncated inside entry \"cyber-dojo.sh\" (1024 of 102400 bytes present)");
    }

    @Test
    void aPaxRecordRunningPastItsHeaderIsMalformed() {
        assertRefused(HostileArchives.malformedPaxHeader(), BAD_ARCHIVE, "pax header at offset 0 is malformed");
    }

    @Test
    void aMegabytePaxHeaderIsRefusedBeforeItIsRead() {
        assertRefused(HostileArchives.hugePaxHeader(), BAD_ARCHIVE, "pax header at offset 0 is", "(limit 65536 bytes)");
    }

    @Test
    void aPaxHeaderWithNoEntryAfterItIsRefused() {
        assertRefused(HostileArchives.paxHeaderWithoutEntry(), BAD_ARCHIVE, "followed by the end of the archive");
    }

    @Test
    void aGlobalPaxHeaderThatRenamesEveryEntryIsRefused() {
        assertRefused(HostileArchives.globalPaxHeaderSettingPath(), BAD_ARCHIVE,
                "pax global header sets \"path\", which would apply to every entry");
    }

    @Test
    void aSizeFieldThatIsNotOctalIsCorrupt() {
        assertRefused(HostileArchives.corruptSizeField(), BAD_ARCHIVE, "tar header at offset 0 has a corrupt size field");
    }

    @Test
    void aBase256SizeOfTwoToTheSeventySecondIsTooLarge() {
        assertRefused(HostileArchives.base256HugeSize(), TOO_LARGE, "archive unpacks to more than 16 MiB");
    }

    @Test
    void aPaxSizeOfATerabyteIsRefusedBeforeReading() {
        assertRefused(HostileArchives.paxSizeOfATerabyte(), TOO_LARGE,
                "archive unpacks to more than 16 MiB (limit 16777216 bytes); entry \"cyber-dojo.sh\" is 1099511627776 bytes");
    }

    @Test
    void aPaxSizeThatIsNotANumberIsRefused() {
        assertRefused(HostileArchives.paxSizeNotANumber(), BAD_ARCHIVE, "has a malformed size \"-1\"");
    }

    @Test
    void aFolderClaimingContentIsRefused() {
        assertRefused(HostileArchives.folderWithContent(), BAD_ARCHIVE, "folder entry \"src/\" claims 512 bytes");
    }

    // ---------------------------------------------------------------- entries that are not files

    @Test
    void aSymlinkIsRefusedNamingItsTarget() {
        assertRefused(HostileArchives.symlinkToEtcPasswd(), BAD_ARCHIVE,
                "symlink \"passwd\" -> \"/etc/passwd\" is not allowed: send regular files only");
    }

    @Test
    void aSymlinkIsRefusedBeforeAnythingIsWrittenThroughIt() {
        assertRefused(HostileArchives.symlinkThenFileThroughIt(), BAD_ARCHIVE, "symlink \"up\" -> \"../../..\"");
    }

    @Test
    void aHardLinkIsRefused() {
        assertRefused(HostileArchives.hardLinkToEtcPasswd(), BAD_ARCHIVE,
                "hard link \"passwd\" -> \"/etc/passwd\" is not allowed");
    }

    @Test
    void aCharacterDeviceIsRefused() {
        assertRefused(HostileArchives.characterDevice(), BAD_ARCHIVE, "character device \"mem\" is not allowed");
    }

    @Test
    void aBlockDeviceIsRefused() {
        assertRefused(HostileArchives.blockDevice(), BAD_ARCHIVE, "block device \"sda\" is not allowed");
    }

    @Test
    void aFifoIsRefused() {
        assertRefused(HostileArchives.fifo(), BAD_ARCHIVE, "FIFO \"pipe\" is not allowed");
    }

    @Test
    void anOldGnuSparseFileIsRefused() {
        assertRefused(HostileArchives.gnuSparseFile(), BAD_ARCHIVE, "sparse file \"holes.bin\" is not allowed");
    }

    @Test
    void aPaxSparseFileIsRefused() {
        assertRefused(HostileArchives.paxSparseFile(), BAD_ARCHIVE, "sparse file \"GNUSparseFile.0/holes.bin\"");
    }

    @Test
    void aVolumeLabelIsRefused() {
        assertRefused(HostileArchives.volumeLabel(), BAD_ARCHIVE, "volume label \"MY VOLUME\" is not allowed");
    }

    @Test
    void anUnknownEntryTypeIsRefusedNamingTheType() {
        assertRefused(HostileArchives.unknownEntryType(), BAD_ARCHIVE, "entry \"mystery\" of tar type 'Z' is not allowed");
    }

    // ---------------------------------------------------------------- paths that escape or mislead

    @Test
    void anAbsolutePathIsRefused() {
        assertRefused(HostileArchives.absolutePath(), BAD_ARCHIVE, "entry \"/etc/passwd\" has an absolute path");
    }

    @Test
    void anAbsolutePathInAPaxHeaderIsRefusedNotQuietlyMadeRelative() {
        assertRefused(HostileArchives.absolutePathInPaxHeader(), BAD_ARCHIVE,
                "entry \"/etc/cron.d/evil\" has an absolute path");
    }

    @Test
    void dotDotAtTheStartEscapes() {
        assertRefused(HostileArchives.dotDotEscape(), BAD_ARCHIVE,
                "entry \"../etc/passwd\" escapes the archive (contains \"..\")");
    }

    @Test
    void dotDotInTheMiddleEscapes() {
        assertRefused(HostileArchives.dotDotInTheMiddle(), BAD_ARCHIVE,
                "entry \"src/../../outside.txt\" escapes the archive");
    }

    @Test
    void dotDotInAGnuLongNameEscapes() {
        assertRefused(HostileArchives.dotDotInGnuLongName(), BAD_ARCHIVE, "escapes the archive (contains \"..\")");
    }

    @Test
    void anEmptyFolderNameIsRefused() {
        assertRefused(HostileArchives.emptyFolderNameInPath(), BAD_ARCHIVE, "entry \"src//app.py\" has an empty folder name");
    }

    @Test
    void aDotFolderInTheMiddleIsRefused() {
        assertRefused(HostileArchives.dotFolderInTheMiddle(), BAD_ARCHIVE, "entry \"src/./app.py\" has a \".\" folder");
    }

    @Test
    void seventeenFoldersDeepIsTooDeep() {
        assertRefused(HostileArchives.deepNesting(17), BAD_ARCHIVE, "is nested 17 folders deep (limit 16)");
    }

    @Test
    void aNameOf256BytesIsTooLong() {
        assertRefused(HostileArchives.nameOfBytes(256), BAD_ARCHIVE, "is 256 bytes (limit 255 bytes)", "nnn…");
    }

    @Test
    void aDuplicateFileIsRefused() {
        assertRefused(HostileArchives.duplicateEntry(), BAD_ARCHIVE, "entry \"hiker.py\" appears twice");
    }

    @Test
    void theSameFileUnderTwoSpellingsIsADuplicate() {
        assertRefused(HostileArchives.duplicateEntryUnderTwoSpellings(), BAD_ARCHIVE, "entry \"hiker.py\" appears twice");
    }

    @Test
    void aFileAndAFolderWithTheSameNameAreRefused() {
        assertRefused(HostileArchives.fileAndFolderWithTheSameName(), BAD_ARCHIVE, "\"src\" is both a file and a folder");
    }

    @Test
    void aFileInsideAFileIsRefused() {
        assertRefused(HostileArchives.fileInsideAFile(), BAD_ARCHIVE, "\"lib\" is both a file and a folder");
    }

    @Test
    void aNameThatIsNotUtf8IsRefusedShowingItsBytes() {
        assertRefused(HostileArchives.invalidUtf8Name(), BAD_ARCHIVE, "is not valid UTF-8 (bytes 63 61 66 ff");
    }

    @Test
    void aNameWithANulIsRefused() {
        assertRefused(HostileArchives.nameWithNul(), BAD_ARCHIVE, "entry name \"evil\\0.txt\" contains a control character (U+0000)");
    }

    @Test
    void aNameWithANewlineIsRefused() {
        assertRefused(HostileArchives.nameWithNewline(), BAD_ARCHIVE, "entry name \"two\\nlines.txt\" contains a control character (U+000A)");
    }

    @Test
    void aNameWithATerminalEscapeIsRefusedAndNotEchoedRaw() {
        assertThatThrownBy(() -> TgzReader.read(HostileArchives.nameWithEscapeSequence(), DEFAULTS))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("\\u001b[2J")
                .hasMessageNotContaining("\u001b");
    }

    // ---------------------------------------------------------------- where cyber dojo sh is

    @Test
    void noCyberDojoShIsRefused() {
        assertRefused(HostileArchives.withoutCyberDojoSh(), BAD_ARCHIVE,
                "no cyber-dojo.sh at the archive's root (nor in a single top folder)");
    }

    @Test
    void cyberDojoShInOneOfTwoTopFoldersIsRefused() {
        assertRefused(HostileArchives.twoTopFolders(), BAD_ARCHIVE, "no cyber-dojo.sh at the archive's root");
    }

    @Test
    void cyberDojoShTwoFoldersDownIsRefused() {
        assertRefused(HostileArchives.cyberDojoShTwoFoldersDown(), BAD_ARCHIVE, "no cyber-dojo.sh at the archive's root");
    }

    @Test
    void anEmptyTarSaysItHoldsNoFiles() {
        assertRefused(HostileArchives.emptyTar(), BAD_ARCHIVE, "no cyber-dojo.sh", "the archive holds no files");
    }

    // ---------------------------------------------------------------- too large

    @Test
    void entry501IsOneTooMany() {
        assertRefused(HostileArchives.manyEntries(501), TOO_LARGE, "archive has more than 500 entries (limit 500");
    }

    @Test
    void foldersCountAsEntriesToo() {
        ArchiveLimits three = DEFAULTS.withMaxEntries(3);

        assertRefused(HostileArchives.deepNesting(2), three, TOO_LARGE, "more than 3 entries");
    }

    @Test
    void filesAddingUpToMoreThanTheUnpackedLimitAreRefusedAtTheFileThatCrossesIt() {
        assertRefused(HostileArchives.manyFilesOfZeros(20, 1024 * 1024), TOO_LARGE,
                "archive unpacks to more than 16 MiB (limit 16777216 bytes)", "entry \"zeros-16.bin\"");
    }

    @Test
    void aCustomCompressedLimitIsApplied() {
        ArchiveLimits tiny = DEFAULTS.withMaxCompressedBytes(1024);

        assertRefused(HostileArchives.incompressible(4096), tiny, TOO_LARGE,
                "archive is larger than 1 KiB compressed (limit 1024 bytes)");
    }

    @Test
    void threeMegabytesOfIncompressibleDataAreOverTheDefaultCompressedLimit() {
        assertRefused(HostileArchives.incompressible(3 * 1024 * 1024), TOO_LARGE,
                "archive is larger than 2 MiB compressed (limit 2097152 bytes)");
    }
}
