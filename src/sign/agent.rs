//! A client of the SSH agent protocol (draft-miller-ssh-agent): listing the agent's keys and
//! asking it to sign. Only these two requests are needed, so they are written here (about a
//! hundred lines over a Unix socket) rather than pulling in a client crate: the private key
//! never leaves the agent, and dossier never runs `ssh-add` or `ssh-keygen`.
//!
//! The agent is the user's own program, but its answers are still read defensively: every
//! length is bounded before anything is allocated, and a short or malformed answer is an
//! error, never a panic.

use std::io::{Read, Write};

use ssh_key::{PublicKey, Signature, SshSig, public::KeyData};

use super::{HASH, NAMESPACE};

/// The agent refused.
const SSH_AGENT_FAILURE: u8 = 5;
/// Asks for the agent's keys.
const SSH2_AGENTC_REQUEST_IDENTITIES: u8 = 11;
/// The agent's keys.
const SSH2_AGENT_IDENTITIES_ANSWER: u8 = 12;
/// Asks the agent to sign.
const SSH2_AGENTC_SIGN_REQUEST: u8 = 13;
/// The agent's signature.
const SSH2_AGENT_SIGN_RESPONSE: u8 = 14;
/// Sign with RSA and SHA-512 (`rsa-sha2-512`), what SSHSIG asks of RSA keys.
const SSH_AGENT_RSA_SHA2_512: u32 = 4;

/// The longest answer read (OpenSSH's own limit is 256 KiB).
const MAX_MESSAGE: usize = 256 * 1024;

/// How long an answer may take: the agent may ask the user to confirm (`ssh-add -c`) or to
/// touch a hardware key.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// A connection to an SSH agent.
pub struct Agent<S> {
    stream: S,
}

/// One key the agent holds.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The public key.
    pub key: PublicKey,
    /// The agent's comment for it (often the key file's path or an e-mail address).
    pub comment: String,
}

#[cfg(unix)]
impl Agent<std::os::unix::net::UnixStream> {
    /// Connects to the agent listening at `socket` (the value of `SSH_AUTH_SOCK`).
    pub fn connect(socket: &std::path::Path) -> Result<Self, String> {
        let stream = std::os::unix::net::UnixStream::connect(socket).map_err(|e| {
            format!(
                "cannot reach the SSH agent at {} ({e}); start one (`eval \"$(ssh-agent)\"`) \
                 and add your key (`ssh-add`), or name the key file with --key",
                socket.display()
            )
        })?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
            .map_err(|e| format!("cannot talk to the SSH agent: {e}"))?;
        Ok(Agent { stream })
    }
}

#[cfg(not(unix))]
impl Agent<std::fs::File> {
    /// The agent is reached over a Unix socket; elsewhere, sign with `--key`.
    pub fn connect(_socket: &std::path::Path) -> Result<Self, String> {
        Err(
            "dossier reaches the SSH agent over a Unix socket only; name the key file with --key"
                .to_string(),
        )
    }
}

impl<S: Read + Write> Agent<S> {
    /// An agent on an already open stream (tests use an in-process one).
    pub fn on(stream: S) -> Self {
        Agent { stream }
    }

    /// Sends one request and reads the answer: its type and payload.
    fn request(&mut self, kind: u8, payload: &[u8]) -> Result<(u8, Vec<u8>), String> {
        let io = |e: std::io::Error| format!("the SSH agent did not answer: {e}");
        let mut message = Vec::with_capacity(5 + payload.len());
        let length = u32::try_from(payload.len() + 1).map_err(|_| "request too long")?;
        message.extend_from_slice(&length.to_be_bytes());
        message.push(kind);
        message.extend_from_slice(payload);
        self.stream.write_all(&message).map_err(io)?;
        self.stream.flush().map_err(io)?;
        let mut length = [0u8; 4];
        self.stream.read_exact(&mut length).map_err(io)?;
        let length = u32::from_be_bytes(length) as usize;
        if length == 0 || length > MAX_MESSAGE {
            return Err(format!(
                "the SSH agent sent an answer of {length} bytes, which is not an agent message"
            ));
        }
        let mut answer = vec![0u8; length];
        self.stream.read_exact(&mut answer).map_err(io)?;
        let kind = answer[0];
        answer.remove(0);
        Ok((kind, answer))
    }

    /// The keys the agent holds, in its order. Keys of types `ssh-key` does not know (and
    /// certificates) are left out.
    pub fn identities(&mut self) -> Result<Vec<Identity>, String> {
        let (kind, answer) = self.request(SSH2_AGENTC_REQUEST_IDENTITIES, &[])?;
        if kind != SSH2_AGENT_IDENTITIES_ANSWER {
            return Err(refusal(kind, "list its keys"));
        }
        let mut reader = Reader(&answer);
        let count = reader.u32()?;
        let mut out = Vec::new();
        for _ in 0..count {
            let blob = reader.string()?;
            let comment = String::from_utf8_lossy(reader.string()?).into_owned();
            if let Ok(key) = PublicKey::from_bytes(blob) {
                out.push(Identity { key, comment });
            }
        }
        Ok(out)
    }

    /// Asks the agent to sign `message` with `key` as an approval (SSHSIG, namespace
    /// [`NAMESPACE`], SHA-512), and returns the signature, checked to verify.
    pub fn sign(&mut self, key: &KeyData, message: &str) -> Result<SshSig, String> {
        let data = SshSig::signed_data(NAMESPACE, HASH, message.as_bytes())
            .map_err(|e| format!("cannot prepare the signature: {e}"))?;
        let blob = PublicKey::new(key.clone(), "")
            .to_bytes()
            .map_err(|e| format!("cannot encode the key: {e}"))?;
        let mut payload = Vec::new();
        put_string(&mut payload, &blob)?;
        put_string(&mut payload, &data)?;
        let flags = if key.is_rsa() {
            SSH_AGENT_RSA_SHA2_512
        } else {
            0
        };
        payload.extend_from_slice(&flags.to_be_bytes());
        let (kind, answer) = self.request(SSH2_AGENTC_SIGN_REQUEST, &payload)?;
        if kind != SSH2_AGENT_SIGN_RESPONSE {
            return Err(refusal(kind, "sign"));
        }
        let mut reader = Reader(&answer);
        let signature = Signature::try_from(reader.string()?)
            .map_err(|e| format!("the SSH agent's signature cannot be read: {e}"))?;
        let sig = SshSig::new(key.clone(), NAMESPACE, HASH, signature)
            .map_err(|e| format!("the SSH agent's signature cannot be used: {e}"))?;
        PublicKey::new(key.clone(), "")
            .verify(NAMESPACE, message.as_bytes(), &sig)
            .map_err(|_| "the SSH agent's signature does not verify".to_string())?;
        Ok(sig)
    }
}

/// Why the agent's answer is not what was asked for.
fn refusal(kind: u8, what: &str) -> String {
    if kind == SSH_AGENT_FAILURE {
        format!("the SSH agent refused to {what} (is the key still loaded, and was it confirmed?)")
    } else {
        format!("the SSH agent answered with message type {kind} when asked to {what}")
    }
}

/// Appends an SSH `string` (a 32-bit length, then the bytes).
fn put_string(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), String> {
    let length = u32::try_from(bytes.len()).map_err(|_| "value too long for the agent")?;
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(bytes);
    Ok(())
}

/// Reads SSH wire values from an answer, bounds-checked.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err("the SSH agent's answer is cut short".to_string());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let bytes = self.take(4)?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn string(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ssh_key::PrivateKey;
    use std::io::Cursor;

    /// A scripted agent: what it answers is fixed, what it is asked is recorded.
    struct Scripted {
        answers: Cursor<Vec<u8>>,
        asked: Vec<u8>,
    }

    impl Read for Scripted {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.answers.read(buf)
        }
    }

    impl Write for Scripted {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.asked.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn agent(answer: &[u8]) -> Agent<Scripted> {
        Agent::on(Scripted {
            answers: Cursor::new(answer.to_vec()),
            asked: Vec::new(),
        })
    }

    fn message(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = ((payload.len() + 1) as u32).to_be_bytes().to_vec();
        out.push(kind);
        out.extend_from_slice(payload);
        out
    }

    #[test]
    fn hostile_answers_are_errors_not_panics() {
        // A length over the limit, a zero length, an answer cut short, a count of keys
        // with nothing behind it, a refusal, an unexpected type.
        for answer in [
            vec![0xff, 0xff, 0xff, 0xff, 12],
            vec![0, 0, 0, 0],
            vec![0, 0, 0, 9, 12, 0],
            message(12, &[0, 0, 0, 5]),
            message(12, &[0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]),
            message(5, &[]),
            message(99, &[]),
            Vec::new(),
        ] {
            assert!(agent(&answer).identities().is_err(), "{answer:?}");
        }
    }

    #[test]
    fn keys_are_listed_and_unknown_ones_skipped() {
        let key = PrivateKey::from_openssh(super::super::TEST_KEY)
            .expect("test key")
            .public_key()
            .clone();
        let blob = key.to_bytes().expect("blob");
        let mut payload = 2u32.to_be_bytes().to_vec();
        put_string(&mut payload, b"not a key").expect("string");
        put_string(&mut payload, b"junk").expect("string");
        put_string(&mut payload, &blob).expect("string");
        put_string(&mut payload, b"me@example").expect("string");
        let mut agent = agent(&message(12, &payload));
        let keys = agent.identities().expect("listed");
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].key.key_data(), key.key_data());
        assert_eq!(keys[0].comment, "me@example");
        assert_eq!(agent.stream.asked, vec![0, 0, 0, 1, 11]);
    }

    #[test]
    fn a_signature_that_does_not_verify_is_refused() {
        let private = PrivateKey::from_openssh(super::super::TEST_KEY).expect("test key");
        // The agent signs something else.
        let other = private
            .sign(NAMESPACE, HASH, b"something else")
            .expect("signed");
        let blob: Vec<u8> = other.signature().clone().try_into().expect("encoded");
        let mut payload = Vec::new();
        put_string(&mut payload, &blob).expect("string");
        let result = agent(&message(14, &payload)).sign(private.public_key().key_data(), "text");
        assert_eq!(
            result.err().as_deref(),
            Some("the SSH agent's signature does not verify")
        );
    }
}
