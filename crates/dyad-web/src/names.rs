//! Display names of actor codes, from the knowledge base compiled into the binary.

/// "Iran" for IRN, "United Nations" for UNO; None for an unknown code.
pub fn actor_name(code: &str) -> Option<String> {
    let fixed = match code {
        "UNO" => Some("United Nations"),
        "EUR" => Some("European Union"),
        "IGO" => Some("intergovernmental organisation"),
        "NGO" => Some("non-governmental organisation"),
        "IMG" => Some("international militarised group"),
        "MNC" => Some("multinational corporation"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    let kb = dyad_core::kb::Kb::embedded();
    kb.country_by_code
        .get(code)
        .and_then(|&i| kb.countries.get(i as usize))
        .map(|c| c.name.clone())
}
