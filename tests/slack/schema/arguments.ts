// The Web API arguments Orbit sends, named by method, from Slack's pinned @slack/web-api
// types. tests/slack/schema/generate.mjs turns each into a JSON Schema.
import type {
  AppsConnectionsOpenArguments,
  AppsManifestValidateArguments,
  AuthTestArguments,
  ChatPostMessageArguments,
  ChatUpdateArguments,
  ConversationsOpenArguments,
  FilesCompleteUploadExternalArguments,
  FilesGetUploadURLExternalArguments,
  KnownBlock,
  OAuthV2AccessArguments,
  OptionalTeamAssignable,
  UsersInfoArguments,
  UsersLookupByEmailArguments,
  View,
  ViewsPublishArguments,
} from "@slack/web-api";

export type AppsConnectionsOpen = NonNullable<AppsConnectionsOpenArguments>;
// Bolt's per-request client (many workspaces) adds the workspace's `team_id` to its
// calls, as Slack's own clients may for org-wide apps.
export type AuthTest = NonNullable<AuthTestArguments> & OptionalTeamAssignable;
export type ChatPostMessage = ChatPostMessageArguments;
export type ChatUpdate = ChatUpdateArguments;
export type ConversationsOpen = ConversationsOpenArguments;
export type FilesGetUploadURLExternal = FilesGetUploadURLExternalArguments;
export type FilesCompleteUploadExternal = FilesCompleteUploadExternalArguments;
export type UsersInfo = UsersInfoArguments;
export type UsersLookupByEmail = UsersLookupByEmailArguments;
export type OAuthV2Access = OAuthV2AccessArguments;
export type ViewsPublish = ViewsPublishArguments;

// Slack's argument types also accept any `{type: string}` as a block; every block Orbit
// sends must be one Slack knows, so blocks are checked again against these.
export type Known = KnownBlock;
export type AnyView = View;

// A `response_url` answer (https://docs.slack.dev/interactivity/handling-user-interaction).
export interface ResponseUrlMessage {
  text: string;
  blocks?: KnownBlock[];
  response_type?: "ephemeral" | "in_channel";
  replace_original?: boolean;
  delete_original?: boolean;
}

// The app manifest an admin pastes (config/slack-manifest.yaml).
export type AppManifest = AppsManifestValidateArguments["manifest"];
