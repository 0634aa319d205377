//! Evidence files (佐证材料) on disk: content-addressed under a directory (by default
//! `<data>/files`), checked by content rather than by name, with JPEG thumbnails for photos
//! and the EXIF time and position kept when present.

use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Largest evidence file accepted.
pub const MAX_FILE: usize = 20 << 20;

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Empty upload.
    #[error("文件“{0}”是空的，请重新选择 (file is empty)")]
    Empty(String),
    /// Larger than [`MAX_FILE`].
    #[error(
        "文件“{name}”有 {mib:.1} MB，超过 20 MB 上限；请压缩照片或拆分文件后再传 (file larger than 20 MB)"
    )]
    TooLarge {
        /// File name.
        name: String,
        /// Its size.
        mib: f64,
    },
    /// Not a photo, PDF or Office file, or the name claims another type.
    #[error(
        "文件“{name}”的内容是{found}，不是允许的类型；只接受照片（JPG/PNG/WebP）、PDF 和 Office 文档 (file content is {found_en}; only photos, PDF and Office files are accepted)"
    )]
    Refused {
        /// File name.
        name: String,
        /// What the content is, in Chinese.
        found: String,
        /// What the content is, in English.
        found_en: String,
    },
    /// A photo that cannot be decoded.
    #[error("照片“{0}”已损坏或不完整，无法读取，请重新导出后上传 (photo cannot be decoded)")]
    BadImage(String),
    /// A photo whose header claims more pixels than any camera takes.
    #[error(
        "照片“{name}”有 {width}×{height} 像素，超过 5000 万像素上限；请缩小尺寸后再传 (photo larger than 50 megapixels)"
    )]
    TooManyPixels {
        /// File name.
        name: String,
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// Disk trouble.
    #[error("保存文件失败：{0} (could not store the file)")]
    Io(#[from] std::io::Error),
}

/// What the content check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspected {
    /// MIME type, from the content.
    pub content_type: &'static str,
    /// A photo (thumbnailed, shown inline).
    pub is_image: bool,
    /// EXIF DateTimeOriginal as written in the file, e.g. `2025:04:03 10:21:07`.
    pub taken_at: Option<String>,
    /// EXIF GPS latitude (WGS-84, degrees).
    pub lat: Option<f64>,
    /// EXIF GPS longitude.
    pub lon: Option<f64>,
    /// JPEG thumbnail, at most 320 px on the longer side.
    pub thumbnail: Option<Vec<u8>>,
    /// Perceptual hash of a photo (`minsheng_domain::ledger::evidence::dhash`): the same
    /// picture re-encoded or resized keeps it.
    pub phash: Option<u64>,
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Accepted types: content MIME type, whether an image, and the extensions a name may carry.
const ACCEPTED: &[(&str, bool, &[&str])] = &[
    ("image/jpeg", true, &["jpg", "jpeg", "jfif"]),
    ("image/png", true, &["png"]),
    ("image/webp", true, &["webp"]),
    ("application/pdf", false, &["pdf"]),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        false,
        &["docx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        false,
        &["xlsx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        false,
        &["pptx"],
    ),
    ("application/msword", false, &["doc", "wps"]),
    ("application/vnd.ms-excel", false, &["xls", "et"]),
    ("application/vnd.ms-powerpoint", false, &["ppt", "dps"]),
];

fn describe(mime: Option<&str>) -> (String, String) {
    match mime {
        Some("application/vnd.microsoft.portable-executable")
        | Some("application/x-msdownload")
        | Some("application/x-executable")
        | Some("application/x-elf")
        | Some("application/x-mach-binary") => {
            ("可执行程序".into(), "an executable program".into())
        }
        Some(m) => (format!("“{m}”"), m.to_string()),
        None => ("无法识别的数据".into(), "unrecognised data".into()),
    }
}

/// Checks an upload by its content and reads what a photo carries.
pub fn inspect(name: &str, bytes: &[u8]) -> Result<Inspected, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty(name.into()));
    }
    if bytes.len() > MAX_FILE {
        return Err(FileError::TooLarge {
            name: name.into(),
            mib: bytes.len() as f64 / (1 << 20) as f64,
        });
    }
    let mut mime = infer::get(bytes).map(|t| t.mime_type());
    // Old Office files share one container format; the name says which it is.
    if mime == Some("application/x-ole-storage") {
        mime = match extension(name).as_str() {
            "xls" | "et" => Some("application/vnd.ms-excel"),
            "ppt" | "dps" => Some("application/vnd.ms-powerpoint"),
            _ => Some("application/msword"),
        };
    }
    let ext = extension(name);
    let accepted = ACCEPTED
        .iter()
        .find(|(m, _, exts)| Some(*m) == mime && exts.contains(&ext.as_str()));
    let Some(&(content_type, is_image, _)) = accepted else {
        let (found, found_en) = describe(mime);
        let claimed = ACCEPTED
            .iter()
            .any(|(_, _, exts)| exts.contains(&ext.as_str()));
        let (found, found_en) = if claimed && ACCEPTED.iter().any(|(m, ..)| Some(*m) == mime) {
            (
                format!("{found}（与扩展名 .{ext} 不符）"),
                format!("{found_en}, not what .{ext} says"),
            )
        } else {
            (found, found_en)
        };
        return Err(FileError::Refused {
            name: name.into(),
            found,
            found_en,
        });
    };
    let mut out = Inspected {
        content_type,
        is_image,
        taken_at: None,
        lat: None,
        lon: None,
        thumbnail: None,
        phash: None,
    };
    if is_image {
        read_exif(bytes, &mut out);
        let (thumb, phash) = thumbnail(name, bytes)?;
        out.thumbnail = Some(thumb);
        out.phash = Some(phash);
    }
    Ok(out)
}

fn read_exif(bytes: &[u8], out: &mut Inspected) {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return;
    };
    if let Some(f) = exif
        .get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)
        .or_else(|| exif.get_field(exif::Tag::DateTime, exif::In::PRIMARY))
        && let exif::Value::Ascii(ref v) = f.value
        && let Some(s) = v.first()
    {
        out.taken_at = Some(String::from_utf8_lossy(s).trim().to_string());
    }
    let coord = |tag, ref_tag, neg: &str| -> Option<f64> {
        let f = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Rational(ref r) = f.value else {
            return None;
        };
        if r.len() < 3 {
            return None;
        }
        let deg = r[0].to_f64() + r[1].to_f64() / 60.0 + r[2].to_f64() / 3600.0;
        let sign = match exif
            .get_field(ref_tag, exif::In::PRIMARY)
            .map(|f| f.display_value().to_string())
        {
            Some(s) if s.contains(neg) => -1.0,
            _ => 1.0,
        };
        deg.is_finite().then_some(sign * deg)
    };
    out.lat = coord(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, "S");
    out.lon = coord(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, "W");
}

/// The most pixels a photo may have: 50 megapixels, above the default of every phone camera.
/// Checked from the header before anything is decoded, so a small file that claims a huge
/// image (12000×12000 in 445 KB) costs nothing.
pub const MAX_PIXELS: u64 = 50_000_000;

/// A photo's thumbnail and its perceptual hash, from one decoding.
fn thumbnail(name: &str, bytes: &[u8]) -> Result<(Vec<u8>, u64), FileError> {
    let bad = || FileError::BadImage(name.into());
    let reader = || {
        image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| bad())
    };
    let (width, height) = reader()?.into_dimensions().map_err(|_| bad())?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(FileError::TooManyPixels {
            name: name.into(),
            width,
            height,
        });
    }
    let mut reader = reader()?;
    let mut limits = image::Limits::default();
    // The header was checked; this bounds what a lying decoder could still ask for.
    limits.max_alloc = Some(256 << 20);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| bad())?;
    let thumb = img.thumbnail(320, 320).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&thumb)
        .map_err(|_| bad())?;
    Ok((out, perceptual_hash(&img)))
}

/// The difference hash of a picture: grey, shrunk to 9×8 with a smoothing filter (so that
/// the size and the JPEG noise of a copy do not matter), each pixel compared with its right
/// neighbour.
fn perceptual_hash(img: &image::DynamicImage) -> u64 {
    let small = img
        .grayscale()
        .resize_exact(9, 8, image::imageops::FilterType::Triangle)
        .to_luma8();
    let mut px = [0u8; 72];
    px.copy_from_slice(&small.as_raw()[..72]);
    minsheng_domain::ledger::evidence::dhash(&px)
}

/// The directory evidence files live in, content-addressed by SHA-256.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// A file store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file with this hash is kept.
    pub fn path(&self, sha256: &str) -> PathBuf {
        let shard = sha256.get(..2).unwrap_or("00");
        self.root.join(shard).join(sha256)
    }

    /// Where its thumbnail is kept.
    pub fn thumb_path(&self, sha256: &str) -> PathBuf {
        let mut p = self.path(sha256);
        p.set_extension("thumb.jpg");
        p
    }

    /// Stores the bytes (and thumbnail) and returns their SHA-256. Writing goes through a
    /// temporary file and a rename, so a crash never leaves half a file under a hash.
    pub fn put(&self, bytes: &[u8], thumbnail: Option<&[u8]>) -> Result<String, FileError> {
        use sha2::Digest;
        let sha = hex::encode(sha2::Sha256::digest(bytes));
        let path = self.path(&sha);
        let dir = path.parent().expect("sharded path has a parent");
        std::fs::create_dir_all(dir)?;
        let write = |target: &Path, data: &[u8]| -> std::io::Result<()> {
            if target.exists() {
                return Ok(());
            }
            let tmp = target.with_extension(format!("tmp{}", std::process::id()));
            std::fs::write(&tmp, data)?;
            std::fs::rename(&tmp, target)
        };
        write(&path, bytes)?;
        if let Some(t) = thumbnail {
            write(&self.thumb_path(&sha), t)?;
        }
        Ok(sha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(640, 480, image::Rgb([200, 30, 30]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn photos_get_thumbnails() {
        let i = inspect("现场.png", &png()).unwrap();
        assert_eq!(i.content_type, "image/png");
        let t = image::load_from_memory(&i.thumbnail.unwrap()).unwrap();
        assert_eq!((t.width(), t.height()), (320, 240));
    }

    #[test]
    fn content_decides_not_the_name() {
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00PE\x00\x00";
        let e = inspect("photo.jpg", exe).unwrap_err().to_string();
        assert!(e.contains("可执行程序"), "{e}");
        let e = inspect("a.pdf", &png()).unwrap_err().to_string();
        assert!(e.contains("不符"), "{e}");
        assert!(inspect("a.txt", b"hello").is_err());
        assert!(matches!(inspect("a.jpg", b""), Err(FileError::Empty(_))));
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
        assert_eq!(
            inspect("验收报告.PDF", pdf).unwrap().content_type,
            "application/pdf"
        );
        // A JPEG header with nothing decodable behind it.
        let e = inspect(
            "broken.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
        )
        .unwrap_err();
        assert!(matches!(e, FileError::BadImage(_)), "{e}");
    }

    /// CRC-32 of a PNG chunk's type and data (ISO 3309), to forge a header that passes.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn a_small_file_claiming_a_huge_image_is_refused_before_decoding() {
        // A real PNG whose header is changed to claim 12000×12000 pixels.
        let mut bytes = png();
        bytes[16..20].copy_from_slice(&12_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&12_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = inspect("大图.png", &bytes).unwrap_err();
        assert!(
            matches!(
                e,
                FileError::TooManyPixels {
                    width: 12_000,
                    height: 12_000,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("请缩小尺寸"), "{e}");
        // Within the limit, the same photo is read as before.
        assert!(inspect("现场.png", &png()).unwrap().thumbnail.is_some());
    }

    #[test]
    fn store_is_content_addressed() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FileStore::new(dir.path().join("files"));
        let a = fs.put(b"same", None).unwrap();
        let b = fs.put(b"same", Some(b"thumb")).unwrap();
        assert_eq!(a, b);
        assert_eq!(std::fs::read(fs.path(&a)).unwrap(), b"same");
        assert_eq!(std::fs::read(fs.thumb_path(&a)).unwrap(), b"thumb");
    }
}
