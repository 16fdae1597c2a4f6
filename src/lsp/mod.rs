//! `dossier lsp`: the dossier in the editor, over the Language Server Protocol on stdio.
//!
//! The server holds one dossier (the folder with `dossier.yaml` that contains the first file
//! opened, or the workspace folder), checks it with the editor's unsaved texts laid over the
//! files on disk, and publishes every file's findings, not only the open ones', so the
//! editor's problem list shows the whole dossier. A burst of keystrokes is checked once:
//! changes that arrive within [`DEBOUNCE`] of each other are applied together. The server
//! only reads: it never writes a file.
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer's server is built on
//! (maintained with it): a synchronous loop over a channel, no async runtime.

mod features;
mod position;
mod vocabulary;
mod workspace;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CallHierarchyIncomingCalls, CallHierarchyOutgoingCalls, CallHierarchyPrepare,
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _, WorkspaceSymbolRequest,
};
use lsp_types::{
    CompletionOptions, CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse,
    InitializeParams, OneOf, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceSymbolResponse,
};

use crate::{AsOf, Fatal};
pub use position::{path_of, uri_of};
use workspace::Workspace;

/// How long the server waits after a change for the next one before it checks.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

/// Serves one client over stdin and stdout until it exits.
pub fn serve_stdio(dir: Option<PathBuf>, as_of: AsOf) -> Result<(), Fatal> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, dir, as_of)?;
    drop(connection);
    threads
        .join()
        .map_err(|e| Fatal::new(format!("the editor's connection failed: {e}")))
}

/// Serves one client over a connection until it exits.
pub fn serve(connection: &Connection, dir: Option<PathBuf>, as_of: AsOf) -> Result<(), Fatal> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(lsp_types::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        call_hierarchy_provider: Some(lsp_types::CallHierarchyServerCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["-".into(), "[".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities)
        .map_err(|e| Fatal::new(format!("server capabilities: {e}")))?;
    let params = connection
        .initialize(capabilities)
        .map_err(|e| Fatal::new(format!("the editor did not initialise the server: {e}")))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let folder = dir.or_else(|| {
        params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| path_of(&f.uri))
    });
    let mut server = Server {
        connection,
        vocabulary: vocabulary::Vocabulary::new(),
        workspace: None,
        as_of,
        published: BTreeMap::new(),
    };
    if let Some(root) = folder.as_deref().and_then(dossier_root) {
        server.open_dossier(&root);
    }
    server.run()
}

/// Completion items for names or values from the schemas.
fn offer_items(
    offers: Vec<vocabulary::Offer>,
    kind: lsp_types::CompletionItemKind,
    suffix: &str,
) -> Vec<lsp_types::CompletionItem> {
    offers
        .into_iter()
        .map(|offer| lsp_types::CompletionItem {
            insert_text: Some(format!("{}{suffix}", offer.label)),
            label: offer.label,
            kind: Some(kind),
            detail: offer.detail,
            ..lsp_types::CompletionItem::default()
        })
        .collect()
}

/// The folder with `dossier.yaml` at or above a path.
fn dossier_root(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|dir| dir.join(crate::source::MANIFEST).is_file())
        .map(Path::to_path_buf)
}

struct Server<'a> {
    connection: &'a Connection,
    /// Field names and closed vocabularies, from the kinds' schemas.
    vocabulary: vocabulary::Vocabulary,
    workspace: Option<Workspace>,
    as_of: AsOf,
    /// What was last published, by URI (a file whose list is unchanged is not sent again,
    /// except an open document's; a file that no longer has any is cleared).
    published: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), Fatal> {
        let receiver = &self.connection.receiver;
        while let Ok(message) = receiver.recv() {
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request).unwrap_or(true) {
                        return Ok(());
                    }
                    self.answer(request);
                }
                Message::Notification(notification) => {
                    let mut changed = self.notice(notification);
                    // Debounce: apply every change that follows within DEBOUNCE, then check.
                    while changed {
                        match receiver.recv_timeout(DEBOUNCE) {
                            Ok(Message::Notification(next)) => {
                                self.notice(next);
                            }
                            Ok(Message::Request(request)) => {
                                if self.connection.handle_shutdown(&request).unwrap_or(true) {
                                    return Ok(());
                                }
                                self.recheck();
                                changed = false;
                                self.answer(request);
                            }
                            Ok(Message::Response(_)) => {}
                            Err(_) => {
                                self.recheck();
                                changed = false;
                            }
                        }
                    }
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    /// Loads the dossier at `root` and publishes its findings (a dossier that cannot be
    /// read is said in the editor's log, and the server keeps running).
    fn open_dossier(&mut self, root: &Path) {
        match Workspace::load(root, self.as_of) {
            Ok(workspace) => {
                self.workspace = Some(workspace);
                self.publish();
            }
            Err(e) => self.log(&format!("dossier: {}", e.message)),
        }
    }

    /// Applies a notification; whether the dossier's texts changed.
    fn notice(&mut self, notification: Notification) -> bool {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                let doc = params.text_document;
                if self.workspace.is_none()
                    && let Some(root) = path_of(&doc.uri)
                        .as_deref()
                        .and_then(Path::parent)
                        .and_then(dossier_root)
                {
                    self.open_dossier(&root);
                }
                self.set_text(&doc.uri, doc.text)
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                // Full synchronisation: the last change holds the whole text.
                match params.content_changes.into_iter().last() {
                    Some(change) => self.set_text(&params.text_document.uri, change.text),
                    None => false,
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                let (Some(ws), Some(path)) =
                    (self.workspace.as_mut(), path_of(&params.text_document.uri))
                else {
                    return false;
                };
                match ws.relative(&path) {
                    Some(rel) => {
                        ws.close(&rel);
                        true
                    }
                    None => false,
                }
            }
            DidSaveTextDocument::METHOD => {
                // A save: the files on disk, new ones and the history are read again.
                if let Some(ws) = self.workspace.as_mut()
                    && let Err(e) = ws.reload()
                {
                    self.log(&format!("dossier: {}", e.message));
                }
                self.publish();
                false
            }
            _ => false,
        }
    }

    fn set_text(&mut self, uri: &Uri, text: String) -> bool {
        let (Some(ws), Some(path)) = (self.workspace.as_mut(), path_of(uri)) else {
            return false;
        };
        match ws.relative(&path) {
            Some(rel) => {
                ws.set_text(rel, text);
                true
            }
            None => false,
        }
    }

    fn recheck(&mut self) {
        if let Some(ws) = self.workspace.as_mut() {
            ws.recheck();
        }
        self.publish();
    }

    /// Publishes every file's findings, and clears the files that no longer have any.
    fn publish(&mut self) {
        let Some(ws) = &self.workspace else { return };
        let mut by_file = features::diagnostics(ws);
        // Every open document gets its list, empty or not: the editor then knows its
        // findings are current.
        for rel in ws.open_documents() {
            if let Some(uri) = uri_of(&ws.absolute(rel)) {
                by_file
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| (uri, Vec::new()));
            }
        }
        let open: BTreeSet<String> = ws
            .open_documents()
            .filter_map(|rel| uri_of(&ws.absolute(rel)))
            .map(|uri| uri.as_str().to_string())
            .collect();
        let mut sends = Vec::new();
        for gone in self.published.keys().filter(|k| !by_file.contains_key(*k)) {
            if let Ok(uri) = gone.parse::<Uri>() {
                sends.push((uri, Vec::new()));
            }
        }
        let mut now = BTreeMap::new();
        for (key, (uri, diagnostics)) in by_file {
            if open.contains(&key) || self.published.get(&key) != Some(&diagnostics) {
                sends.push((uri, diagnostics.clone()));
            }
            now.insert(key, diagnostics);
        }
        for (uri, diagnostics) in sends {
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            self.notify(PublishDiagnostics::METHOD, params);
        }
        self.published = now;
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let params = serde_json::to_value(params).unwrap_or_default();
        let _ = self
            .connection
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )));
    }

    fn log(&self, message: &str) {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams {
                typ: lsp_types::MessageType::ERROR,
                message: message.into(),
            },
        );
    }

    fn answer(&self, request: Request) {
        let id = request.id.clone();
        let result = self.respond(request);
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code, message),
        };
        let _ = self.connection.sender.send(Message::Response(response));
    }

    /// The answer to a request, as JSON (null when there is nothing to say).
    fn respond(&self, request: Request) -> Result<serde_json::Value, (i32, String)> {
        let invalid = |e: serde_json::Error| (-32602, format!("invalid params: {e}"));
        let json =
            |v: serde_json::Result<serde_json::Value>| v.map_err(|e| (-32603, e.to_string()));
        let Some(ws) = &self.workspace else {
            return Ok(serde_json::Value::Null);
        };
        // The artifact a trace-view item stands for (its name is the ID).
        let named =
            |item: &lsp_types::CallHierarchyItem| ws.checked.graph.index.get(&item.name).copied();
        match request.method.as_str() {
            GotoDefinition::METHOD => {
                let params: lsp_types::GotoDefinitionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = self
                    .at(ws, &params.text_document_position_params)
                    .and_then(|a| features::declaration(ws, a));
                json(serde_json::to_value(
                    found.map(GotoDefinitionResponse::Scalar),
                ))
            }
            References::METHOD => {
                let params: lsp_types::ReferenceParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = self
                    .at(ws, &params.text_document_position)
                    .map(|a| features::references(ws, a, params.context.include_declaration));
                json(serde_json::to_value(found))
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = &params.text_document_position_params;
                let found = self.at(ws, at).map(|a| features::hover(ws, a)).or_else(|| {
                    let file = self.file_of(ws, &at.text_document.uri)?;
                    features::component_hover(ws, file, at.position)
                });
                json(serde_json::to_value(found))
            }
            DocumentSymbolRequest::METHOD => {
                let params: lsp_types::DocumentSymbolParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = self
                    .file_of(ws, &params.text_document.uri)
                    .map(|f| DocumentSymbolResponse::Nested(features::document_symbols(ws, f)));
                json(serde_json::to_value(found))
            }
            WorkspaceSymbolRequest::METHOD => {
                let params: lsp_types::WorkspaceSymbolParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = features::workspace_symbols(ws, &params.query);
                json(serde_json::to_value(WorkspaceSymbolResponse::Flat(found)))
            }
            Completion::METHOD => {
                let params: lsp_types::CompletionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = &params.text_document_position;
                let Some(file) = self.file_of(ws, &at.text_document.uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let text = ws.text(file);
                let offset = position::offset(text, at.position);
                let kind = features::kind_at(ws, file, offset);
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let before = &text[line_start..offset];
                let (items, cut) = if features::at_key(before) {
                    // A field name of the artifact's kind.
                    let offers = kind.map(|k| self.vocabulary.fields(k)).unwrap_or_default();
                    (
                        offer_items(offers, lsp_types::CompletionItemKind::FIELD, ": "),
                        false,
                    )
                } else {
                    match (features::field_at(text, offset), kind) {
                        (Some("id"), _) | (None, _) => (Vec::new(), false),
                        (Some(field), Some(kind))
                            if !self.vocabulary.values(kind, field).is_empty() =>
                        {
                            let offers = self.vocabulary.values(kind, field);
                            (
                                offer_items(offers, lsp_types::CompletionItemKind::ENUM_MEMBER, ""),
                                false,
                            )
                        }
                        (Some(field), kind) => {
                            let may_link = matches!(field, "supersedes" | "change_ref")
                                || kind
                                    .is_none_or(|k| self.vocabulary.is_list_of_strings(k, field));
                            features::complete_ids(
                                ws,
                                (kind, field, may_link),
                                features::typed_before(text, offset),
                            )
                        }
                    }
                };
                json(serde_json::to_value(CompletionResponse::List(
                    lsp_types::CompletionList {
                        is_incomplete: cut,
                        items,
                    },
                )))
            }
            PrepareRenameRequest::METHOD => {
                let at: TextDocumentPositionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                // Only an artifact's ID can be renamed: the range of the ID under the cursor.
                let found = self.at(ws, &at).and_then(|_| {
                    let file = self.file_of(ws, &at.text_document.uri)?;
                    let text = ws.text(file);
                    let (start, end) =
                        features::word_span(text, position::offset(text, at.position))?;
                    Some(lsp_types::PrepareRenameResponse::Range(lsp_types::Range {
                        start: position::position(text, start),
                        end: position::position(text, end),
                    }))
                });
                json(serde_json::to_value(found))
            }
            Rename::METHOD => {
                let params: lsp_types::RenameParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let Some(artifact) = self.at(ws, &params.text_document_position) else {
                    return Err((-32602, "no artifact ID under the cursor".into()));
                };
                let edit = features::rename(ws, artifact, params.new_name.trim())
                    .map_err(|message| (-32803, message))?;
                json(serde_json::to_value(edit))
            }
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let actions: Vec<lsp_types::CodeActionOrCommand> = self
                    .file_of(ws, &params.text_document.uri)
                    .map(|file| {
                        let mut fixes = features::quick_fixes(ws, file, params.range);
                        fixes.extend(features::back_links(ws, file, params.range));
                        fixes
                    })
                    .unwrap_or_default()
                    .into_iter()
                    .map(lsp_types::CodeActionOrCommand::CodeAction)
                    .collect();
                json(serde_json::to_value(actions))
            }
            // The trace view: what an artifact names (up) and what names it (down).
            CallHierarchyPrepare::METHOD => {
                let params: lsp_types::CallHierarchyPrepareParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = self
                    .at(ws, &params.text_document_position_params)
                    .and_then(|a| features::trace_item(ws, a))
                    .map(|item| vec![item]);
                json(serde_json::to_value(found))
            }
            CallHierarchyIncomingCalls::METHOD => {
                let params: lsp_types::CallHierarchyIncomingCallsParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = named(&params.item).map(|a| features::trace_down(ws, a));
                json(serde_json::to_value(found))
            }
            CallHierarchyOutgoingCalls::METHOD => {
                let params: lsp_types::CallHierarchyOutgoingCallsParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let found = named(&params.item).map(|a| features::trace_up(ws, a));
                json(serde_json::to_value(found))
            }
            _ => Err((-32601, format!("{} is not supported", request.method))),
        }
    }

    fn file_of(&self, ws: &Workspace, uri: &Uri) -> Option<usize> {
        ws.file_index(&ws.relative(&path_of(uri)?)?)
    }

    fn at(&self, ws: &Workspace, at: &TextDocumentPositionParams) -> Option<usize> {
        let file = self.file_of(ws, &at.text_document.uri)?;
        features::artifact_at(ws, file, at.position)
    }
}
