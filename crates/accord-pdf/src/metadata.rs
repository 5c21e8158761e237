//! What a PDF says about itself: the Info dictionary (title, author, subject, dates and
//! the fingerprint), an XMP packet, and an attached `accord-fingerprint.json` holding the
//! per-record hashes; and reading all that back to check a signed PDF.

use accord_documents::{CANONICAL_FORM, DocumentFingerprint};
use accord_domain::DocumentKind;
use chrono::NaiveDate;
use lopdf::{Dictionary, Object, Stream, StringFormat};
use serde::{Deserialize, Serialize};

use crate::error::PdfError;

/// The name of the attached file that carries the fingerprint and record hashes.
pub const ATTACHMENT: &str = "accord-fingerprint.json";

/// What was signed, as a PDF exported by Accord records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedContent {
    pub document: DocumentKind,
    /// The canonical form the fingerprint was taken over, such as `accord-document-1`.
    pub canonical_form: String,
    pub fingerprint: DocumentFingerprint,
    pub project: String,
    pub workspace_version: String,
    pub exported_on: NaiveDate,
    /// The digest of each page as exported ([`crate::integrity`]), in page order; empty
    /// in PDFs made before Accord recorded them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// How the page digests were taken ([`crate::integrity::PAGE_DIGEST`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub page_digest: String,
    /// What drew the pages ([`crate::RENDERER`]): a PDF drawn by this same renderer is
    /// also compared with its document drawn again.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub renderer: String,
}

/// Everything stamped into a PDF's metadata.
pub(crate) struct Stamp {
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
    /// The document's language, a BCP 47 tag (`dc:language`).
    pub(crate) lang: &'static str,
    pub(crate) signed: SignedContent,
}

/// A PDF text string: literal when ASCII, otherwise UTF-16BE.
pub(crate) fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        // A PDF text string outside ASCII is UTF-16BE with a byte order mark.
        let mut bytes = vec![0xfe, 0xff];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn read_text(o: &Object) -> Option<String> {
    let bytes = o.as_str().ok()?;
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(bytes.iter().map(|b| *b as char).collect())
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every `accord:` XMP property, declared in the XMP's PDF/A extension schema.
const ACCORD_PROPERTIES: &[(&str, &str)] = &[
    (
        "document",
        "Which Accord document this is: pack, agreement, raci, decisions or handover",
    ),
    (
        "canonicalForm",
        "The canonical form the content fingerprint was taken over",
    ),
    (
        "fingerprint",
        "The content fingerprint: SHA-256 over the records the document shows",
    ),
    (
        "workspaceVersion",
        "The workspace version the document was exported from",
    ),
];

/// The sRGB profile of the PDF/A output intent (`assets/icc/`, zlib licence).
const SRGB: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");

/// Writes the metadata into a document printpdf produced.
/// `pages` are the digests of the pages as drawn, recorded in the attachment.
pub(crate) fn stamp(
    doc: &mut lopdf::Document,
    meta: &Stamp,
    pages: Vec<String>,
) -> Result<(), PdfError> {
    let signed = SignedContent {
        pages,
        page_digest: crate::integrity::PAGE_DIGEST.to_string(),
        renderer: crate::RENDERER.to_string(),
        ..meta.signed.clone()
    };
    let s = &signed;
    let date = s.exported_on.format("%Y%m%d").to_string();
    let pdf_date = format!("D:{date}000000Z");
    let keywords = format!(
        "Accord, sign-off, {}, fingerprint {}",
        s.document, s.fingerprint.sha256
    );

    let json = serde_json::to_vec(s).map_err(|e| PdfError::Write(e.to_string()))?;
    let file = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"EmbeddedFile".to_vec())),
            ("Subtype", Object::Name(b"application/json".to_vec())),
            (
                "Params",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Size",
                    Object::Integer(json.len() as i64),
                )])),
            ),
        ]),
        json,
    );
    // Compressed with the pages' streams (`write::compress`).
    let file_id = doc.add_object(file);
    let spec_id = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Filespec".to_vec())),
        ("F", text(ATTACHMENT)),
        ("UF", text(ATTACHMENT)),
        (
            "Desc",
            text("Accord content fingerprint and per-record hashes"),
        ),
        ("AFRelationship", Object::Name(b"Data".to_vec())),
        (
            "EF",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "F",
                Object::Reference(file_id),
            )])),
        ),
    ]));

    let xmp = format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
    xmlns:accord="urn:accord:signoff:1">
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Accord sign-off</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:accord:signoff:1</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>accord</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
{properties}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:CreatorTool>Accord</xmp:CreatorTool>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <accord:document>{kind}</accord:document>
   <accord:canonicalForm>{form}</accord:canonicalForm>
   <accord:fingerprint>{sha}</accord:fingerprint>
   <accord:workspaceVersion>{version}</accord:workspaceVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml(&meta.title),
        author = xml(&meta.author),
        subject = xml(&meta.subject),
        iso = s.exported_on.format("%Y-%m-%d"),
        keywords = xml(&keywords),
        kind = s.document,
        form = xml(&s.canonical_form),
        sha = s.fingerprint.sha256,
        version = xml(&s.workspace_version),
        lang = meta.lang,
        properties = ACCORD_PROPERTIES
            .iter()
            .map(|(name, description)| format!(
                "        <rdf:li rdf:parseType=\"Resource\">\n         <pdfaProperty:name>{name}</pdfaProperty:name>\n         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n         <pdfaProperty:category>external</pdfaProperty:category>\n         <pdfaProperty:description>{description}</pdfaProperty:description>\n        </rdf:li>"
            ))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let mut xmp_stream = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp.into_bytes(),
    );
    // Metadata stays uncompressed so that tools which only scan for XMP can find it.
    xmp_stream.allows_compression = false;
    let xmp_id = doc.add_object(xmp_stream);

    // PDF/A: colours are meant for an sRGB display (the greys are device grey).
    let profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB.to_vec(),
    );
    let profile_id = doc.add_object(profile);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", text("sRGB IEC61966-2.1")),
        ("Info", text("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);

    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Write(e.to_string()))?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "Names",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "EmbeddedFiles",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "Names",
                Object::Array(vec![text(ATTACHMENT), Object::Reference(spec_id)]),
            )])),
        )])),
    );
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );

    let info = Dictionary::from_iter(vec![
        ("Title", text(&meta.title)),
        ("Author", text(&meta.author)),
        ("Subject", text(&meta.subject)),
        ("Keywords", text(&keywords)),
        ("Creator", text("Accord")),
        ("Producer", text("Accord with printpdf 0.12.8")),
        ("CreationDate", text(&pdf_date)),
        ("ModDate", text(&pdf_date)),
        ("AccordDocument", text(s.document.as_str())),
        ("AccordFingerprint", text(&s.fingerprint.sha256)),
        ("AccordCanonicalForm", text(&s.canonical_form)),
        ("AccordWorkspaceVersion", text(&s.workspace_version)),
    ]);
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    // The same content, date and version always give the same file identifier.
    let id = accord_documents::fingerprint::sha256_hex(
        format!("{}{}{}", s.fingerprint.sha256, date, s.workspace_version).as_bytes(),
    );
    let id = Object::String(id.as_bytes()[..32].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// Reads what an Accord PDF says was signed, and checks that it holds together.
pub fn read_fingerprint(pdf: &[u8]) -> Result<SignedContent, PdfError> {
    read_signed(&load(pdf)?)
}

/// Parses `pdf`, or says why it is not a PDF.
pub(crate) fn load(pdf: &[u8]) -> Result<lopdf::Document, PdfError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(PdfError::NotAPdf("it does not start with %PDF-".into()));
    }
    lopdf::Document::load_mem(pdf).map_err(|e| PdfError::NotAPdf(e.to_string()))
}

/// What a parsed Accord PDF says was signed, checked to hold together.
pub(crate) fn read_signed(doc: &lopdf::Document) -> Result<SignedContent, PdfError> {
    let info_fingerprint = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|info| info.get(b"AccordFingerprint").ok())
        .and_then(read_text);
    let attachment = attachment(doc);
    let (info_fingerprint, json) = match (info_fingerprint, attachment) {
        (None, None) => return Err(PdfError::NotSigned),
        (Some(_), None) => {
            return Err(PdfError::BadMetadata(format!(
                "the attached {ATTACHMENT} is missing"
            )));
        }
        (None, Some(_)) => {
            return Err(PdfError::BadMetadata(
                "the fingerprint is missing from the document information".into(),
            ));
        }
        (Some(f), Some(j)) => (f, j),
    };
    let signed: SignedContent = serde_json::from_slice(&json)
        .map_err(|e| PdfError::BadMetadata(format!("{ATTACHMENT} cannot be read: {e}")))?;
    if signed.canonical_form != CANONICAL_FORM {
        return Err(PdfError::UnknownCanonicalForm(signed.canonical_form));
    }
    if signed.fingerprint.sha256 != info_fingerprint {
        return Err(PdfError::BadMetadata(
            "the two copies of the fingerprint differ".into(),
        ));
    }
    let recomputed =
        DocumentFingerprint::from_records(signed.document, signed.fingerprint.records.clone());
    if recomputed.sha256 != signed.fingerprint.sha256 {
        return Err(PdfError::BadMetadata(
            "the record hashes do not add up to the fingerprint".into(),
        ));
    }
    Ok(signed)
}

/// The bytes of the attached `accord-fingerprint.json`, if there is one.
fn attachment(doc: &lopdf::Document) -> Option<Vec<u8>> {
    let names = doc
        .catalog()
        .ok()?
        .get_deref(b"Names", doc)
        .ok()?
        .as_dict()
        .ok()?;
    let files = names
        .get_deref(b"EmbeddedFiles", doc)
        .ok()?
        .as_dict()
        .ok()?;
    let list = files.get_deref(b"Names", doc).ok()?.as_array().ok()?;
    let spec = list
        .chunks(2)
        .find(|pair| read_text(&pair[0]).as_deref() == Some(ATTACHMENT))?
        .get(1)?;
    let spec = doc.dereference(spec).ok()?.1.as_dict().ok()?;
    let ef = spec.get_deref(b"EF", doc).ok()?.as_dict().ok()?;
    let stream = ef.get_deref(b"F", doc).ok()?.as_stream().ok()?;
    // A fingerprint file is small; refuse to inflate anything huge (a zip bomb).
    stream
        .decompressed_content_with_limit(64 << 20)
        .ok()
        .or_else(|| {
            if stream.dict.get(b"Filter").is_err() {
                Some(stream.content.clone())
            } else {
                None
            }
        })
}
