//! Embeds every data file under `data/` into the library so the binary needs no files at run time.
use std::{env, fs, path::Path};

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read data dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, root, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("tsv") | Some("toml")
        ) {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest)
        .join("../../data")
        .canonicalize()
        .expect("data/ beside crates/");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    for f in &files {
        println!("cargo:rerun-if-changed={}", root.join(f).display());
    }
    let mut code = String::from("/// (path relative to data/, contents) of every embedded data file.\npub static DATA_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f,
            root.join(f).display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_data.rs");
    fs::write(out, code).unwrap();
}
