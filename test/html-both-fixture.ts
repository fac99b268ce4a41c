/** The same hand-made benign chat written as a tdesktop JSON export and its HTML twin (shared by HTML tests). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoLocal } from '../src/demo/tz.js';
import { writeTelegramHtml } from '../src/demo/telegram-html.js';

export const TZ = 'Europe/Paris';
// 2024-03-30 09:00 UTC; Paris moves to summer time on 2024-03-31, so later titles still say UTC+01:00.
const T0 = Date.UTC(2024, 2, 30, 9) / 1000;
export type Json = Record<string, unknown>;

/** A benign single-chat JSON export (tdesktop ≥ 4.1.2 shape) exercising what both formats share. */
export function chatObject(): Json {
  const people: Record<string, string> = {
    user11: 'Alice Martin',
    user12: 'Bob',
    user13: 'Carol Diaz',
    user14: 'Eve',
  };
  const messages: Json[] = [];
  let id = 100;
  let t = T0;
  const base = (dt: number): Json => {
    t += dt;
    return { id: ++id, date: isoLocal(t, TZ), date_unixtime: String(t) };
  };
  const msg = (dt: number, from: string, text: unknown, extra: Json = {}): void => {
    messages.push({
      ...base(dt),
      type: 'message',
      from: people[from],
      from_id: from,
      ...extra,
      text,
      text_entities: [],
    });
  };
  const svc = (dt: number, actor: string, action: string, extra: Json = {}): void => {
    messages.push({
      ...base(dt),
      type: 'service',
      actor: people[actor],
      actor_id: actor,
      action,
      ...extra,
      text: '',
      text_entities: [],
    });
  };
  svc(0, 'user11', 'create_group', { title: 'Garden club', members: ['Bob', 'Carol Diaz'] });
  msg(60, 'user11', [
    'Hello ',
    { type: 'bold', text: 'all' },
    ', see ',
    { type: 'link', text: 'https://example.org' },
    ' & <b>',
  ]);
  msg(30, 'user11', 'A photo of the roses', {
    photo: 'photos/photo_1@30-03-2024_10-01-30.jpg',
    width: 640,
    height: 480,
  });
  msg(100, 'user12', 'Nice! Here is the plan', {
    reply_to_message_id: 102,
    file: 'files/plan.pdf',
    file_name: 'plan.pdf',
    mime_type: 'application/pdf',
    file_size: 1234,
  });
  msg(30, 'user12', 'Forwarded tip', { forwarded_from: 'Seed News' });
  msg(2000, 'user13', '', {
    file: 'voice_messages/audio_1@30-03-2024_10-37-50.ogg',
    media_type: 'voice_message',
    mime_type: 'audio/ogg',
    duration_seconds: 3,
  });
  svc(10, 'user11', 'invite_members', { members: ['Eve'] });
  msg(86_400, 'user14', 'Thanks for the invite', {
    file: 'video_files/clip.mp4',
    thumbnail: 'video_files/clip.mp4_thumb.jpg',
    media_type: 'video_file',
    mime_type: 'video/mp4',
    duration_seconds: 24,
    width: 320,
    height: 240,
  });
  msg(60, 'user14', 'Not downloaded', {
    photo: '(File not included. Change data exporting settings to download.)',
    width: 800,
    height: 600,
  });
  svc(60, 'user11', 'pin_message', { message_id: 102 });
  for (let i = 0; i < 12; i++)
    msg(i % 3 === 0 ? 1000 : 20, i % 2 ? 'user12' : 'user13', `Filler ${i} — 🌱 ${'x'.repeat(i)}`);
  svc(30, 'user14', 'remove_members', { members: ['Eve'] });
  return { name: 'Garden club', type: 'private_supergroup', id: 555001, messages };
}

/** Write `doc` (default chatObject()) as result.json + its benign media files + the HTML twin; returns the folder. */
export function writeBoth(doc: Json = chatObject()): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-both-'));
  writeFileSync(join(dir, 'result.json'), JSON.stringify(doc, null, 1));
  for (const f of [
    'photos/photo_1@30-03-2024_10-01-30.jpg',
    'files/plan.pdf',
    'voice_messages/audio_1@30-03-2024_10-37-50.ogg',
    'video_files/clip.mp4',
    'video_files/clip.mp4_thumb.jpg',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), `benign bytes of ${f}`);
  }
  writeTelegramHtml(doc, dir, TZ);
  return dir;
}
