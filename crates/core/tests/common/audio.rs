//! Test audio built in memory: a PCM WAV tone, the simplest file a voice recorder writes.

/// A mono 16-bit PCM WAV of `seconds` of a 440 Hz tone at `rate` samples a second.
pub fn wav_tone(rate: u32, seconds: f32) -> Vec<u8> {
    let samples = (rate as f32 * seconds) as u32;
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend(b"RIFF");
    out.extend((36 + data_len).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes()); // fmt chunk size
    out.extend(1u16.to_le_bytes()); // PCM
    out.extend(1u16.to_le_bytes()); // mono
    out.extend(rate.to_le_bytes());
    out.extend((rate * 2).to_le_bytes()); // bytes a second
    out.extend(2u16.to_le_bytes()); // block align
    out.extend(16u16.to_le_bytes()); // bits a sample
    out.extend(b"data");
    out.extend(data_len.to_le_bytes());
    for i in 0..samples {
        let v = ((i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 8000.0) as i16;
        out.extend(v.to_le_bytes());
    }
    out
}
