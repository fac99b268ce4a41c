import type { ReferralData } from './model.js';
import {
  contextOf,
  dateTime,
  hashNode,
  idMaker,
  integer,
  nonNegative,
  ref,
  relationship,
  type Node,
} from './case-nodes.js';

/**
 * `data/case.jsonld`: the package as a CASE 1.4.0 / UCO 1.4.0 graph (inline context) following the skeleton of
 * `../shared/standards/case-uco/examples/authored/minimal-export.jsonld`: the investigation and its authorisation,
 * the collecting actions (one per export: which undercover account, when), target accounts with their names over
 * time, their messages and files with hashes, relations, provenance records and the chain of custody from the audit
 * trail, each action with who and when. Deterministic: ids derive from the case key, nodes are in a fixed order.
 */
export function buildCaseGraph(d: ReferralData): Node {
  const id = idMaker(d.caseKey);
  const g: Node[] = [];
  const app = id('application', 'telegram');
  const tool = id('tool', 'vigie');
  const unit = id('organization', d.agency);
  const accountOf = (actor: string): string => id('account', actor);
  const messageOf = (chat: string, msg: number): string => id('message', `${chat}#${msg}`);
  const threadOf = (chat: string): string => id('thread', chat);
  const performer = (user: string): string => id('person', user);

  const auth = d.reference ? id('authorization', d.reference) : null;
  const custodyIds = d.custody.map((e) => id('action', `audit-${e.seq}`));
  const collectIds = d.sources.map((s) => id('collection', s.id));
  const referralAction = id('action', `referral-${d.packageId}`);
  g.push({
    '@id': id('investigation', d.caseName),
    '@type': 'case-investigation:Investigation',
    'uco-core:name': d.caseName,
    'case-investigation:investigationForm': 'case',
    'case-investigation:focus': ['online child sexual exploitation'],
    ...(auth ? { 'case-investigation:relevantAuthorization': [ref(auth)] } : {}),
    'uco-core:object': [...collectIds, ...custodyIds, referralAction].map(ref),
  });
  if (auth)
    g.push({
      '@id': auth,
      '@type': 'case-investigation:Authorization',
      'case-investigation:authorizationType': 'referral reference',
      'case-investigation:authorizationIdentifier': [d.reference],
    });
  g.push(
    { '@id': unit, '@type': 'uco-identity:Organization', 'uco-core:name': d.agency },
    {
      '@id': tool,
      '@type': 'uco-tool:AnalyticTool',
      'uco-core:name': 'Vigie',
      'uco-tool:version': d.toolVersion,
    },
    {
      '@id': app,
      '@type': 'uco-observable:Application',
      'uco-core:hasFacet': [
        {
          '@id': id('application-facet', 'telegram'),
          '@type': 'uco-observable:ApplicationFacet',
          'uco-observable:applicationIdentifier': 'Telegram',
        },
      ],
    },
  );
  const people = new Set([...d.custody.map((e) => e.user)]);
  for (const p of [...people].sort())
    g.push({ '@id': performer(p), '@type': 'uco-identity:Person', 'uco-core:name': p });

  // Accounts: targets with their names over time; third parties under their pseudonyms only.
  const targets = new Set(d.targets.map((t) => t.actor));
  for (const t of d.targets) {
    const latest = t.names.at(-1);
    g.push({
      '@id': accountOf(t.actor),
      '@type': 'uco-observable:ApplicationAccount',
      'uco-core:description': t.names.map(
        (n) => `display name "${n.name}" seen ${n.firstSeen ?? '?'} – ${n.lastSeen ?? '?'}`,
      ),
      'uco-core:hasFacet': [
        {
          '@id': id('account-facet', t.actor),
          '@type': 'uco-observable:AccountFacet',
          'uco-observable:accountIdentifier': t.actor,
        },
        {
          '@id': id('application-account-facet', t.actor),
          '@type': 'uco-observable:ApplicationAccountFacet',
          'uco-observable:application': ref(app),
        },
        ...(latest
          ? [
              {
                '@id': id('digital-account-facet', t.actor),
                '@type': 'uco-observable:DigitalAccountFacet',
                'uco-observable:displayName': latest.name,
              },
            ]
          : []),
      ],
    });
  }
  const others = [
    ...new Set(d.messages.map((m) => m.author).filter((a): a is string => a !== null && !targets.has(a))),
  ].sort();
  for (const p of others)
    g.push({
      '@id': accountOf(p),
      '@type': 'uco-observable:ApplicationAccount',
      'uco-core:description': ['third party under a stable pseudonym'],
      'uco-core:hasFacet': [
        {
          '@id': id('account-facet', p),
          '@type': 'uco-observable:AccountFacet',
          'uco-observable:accountIdentifier': p,
        },
      ],
    });

  // Chats as message threads, messages, replies.
  for (const c of d.chats) {
    const msgs = d.messages.filter((m) => m.chatId === c.id);
    const participants = [
      ...new Set(msgs.map((m) => m.author).filter((a): a is string => a !== null)),
    ].sort();
    g.push({
      '@id': threadOf(c.id),
      '@type': 'uco-observable:MessageThread',
      'uco-core:name': c.title ?? c.id,
      'uco-core:description': [`chat ${c.id}${c.type ? ` (${c.type})` : ''}`],
      'uco-core:hasFacet': [
        {
          '@id': id('message-thread-facet', c.id),
          '@type': 'uco-observable:MessageThreadFacet',
          'uco-observable:participant': participants.map((p) => ref(accountOf(p))),
          'uco-observable:messageThread': {
            '@id': id('thread-list', c.id),
            '@type': 'uco-types:Thread',
            'co:size': nonNegative(msgs.length),
            'co:element': msgs.map((m) => ref(messageOf(m.chatId, m.messageId))),
          },
        },
      ],
    });
  }
  const cited = new Set(d.messages.map((m) => `${m.chatId}#${m.messageId}`));
  for (const m of d.messages) {
    const key = `${m.chatId}#${m.messageId}`;
    g.push({
      '@id': messageOf(m.chatId, m.messageId),
      '@type': 'uco-observable:Message',
      ...(m.forwardedFrom ? { 'uco-core:description': [`forwarded from ${m.forwardedFrom}`] } : {}),
      'uco-core:hasFacet': [
        {
          '@id': id('message-facet', key),
          '@type': 'uco-observable:MessageFacet',
          'uco-observable:messageID': [String(m.messageId)],
          'uco-observable:application': ref(app),
          ...(m.author ? { 'uco-observable:from': ref(accountOf(m.author)) } : {}),
          ...(m.dateUtc ? { 'uco-observable:sentTime': dateTime(m.dateUtc) } : {}),
          ...(m.text ? { 'uco-observable:messageText': m.text } : {}),
        },
      ],
    });
    if (m.replyTo !== null && cited.has(`${m.chatId}#${m.replyTo}`))
      g.push(
        relationship(
          id('reply', key),
          'Replied_To',
          messageOf(m.chatId, m.messageId),
          messageOf(m.chatId, m.replyTo),
        ),
      );
  }

  // Files with their hashes, attached to the messages that posted them.
  for (const f of d.media) {
    const hashes: Node[] = [];
    const add = (method: string, v: string | null): void => {
      if (v) hashes.push(hashNode(id('hash', `${f.sha256}:${method}`), method, v));
    };
    add('MD5', f.md5);
    add('SHA1', f.sha1);
    add('SHA256', f.sha256);
    add('PDQ', f.pdq);
    g.push({
      '@id': id('file', f.sha256),
      '@type':
        f.kind === 'photo' ? ['uco-observable:File', 'uco-observable:RasterPicture'] : 'uco-observable:File',
      'uco-core:hasFacet': [
        {
          '@id': id('file-facet', f.sha256),
          '@type': 'uco-observable:FileFacet',
          ...(f.fileName ? { 'uco-observable:fileName': f.fileName } : {}),
          'uco-observable:sizeInBytes': integer(f.size),
        },
        {
          '@id': id('content-data-facet', f.sha256),
          '@type': 'uco-observable:ContentDataFacet',
          ...(f.mime ? { 'uco-observable:mimeType': f.mime } : {}),
          'uco-observable:hash': hashes,
        },
      ],
    });
    for (const p of f.posts)
      g.push(
        relationship(
          id('attachment', `${f.sha256}@${p.chatId}#${p.messageId}`),
          'Attachment_Of',
          id('file', f.sha256),
          messageOf(p.chatId, p.messageId),
        ),
      );
  }

  // Provenance: one collecting action per export, then the audit trail as a chain of actions, then the referral.
  const exhibit = (n: string): string => `${d.packageId}/${n}`;
  const everything = [
    ...d.messages.map((m) => messageOf(m.chatId, m.messageId)),
    ...d.media.map((f) => id('file', f.sha256)),
    ...d.chats.map((c) => threadOf(c.id)),
  ];
  const collected = id('provenance-record', 'collected');
  g.push({
    '@id': collected,
    '@type': 'case-investigation:ProvenanceRecord',
    'uco-core:description': ['messages and files collected by the undercover accounts'],
    'case-investigation:exhibitNumber': exhibit('COLLECTED'),
    'case-investigation:rootExhibitNumber': exhibit('COLLECTED'),
    'uco-core:object': everything.map(ref),
  });
  d.sources.forEach((s, i) =>
    g.push({
      '@id': collectIds[i],
      '@type': 'case-investigation:InvestigativeAction',
      'uco-core:name': 'collection',
      'uco-core:description': [
        `Telegram Desktop export (${s.kind}) by undercover account ${s.account ?? '(unnamed)'}; export file SHA-256 ${s.sha256}`,
      ],
      'uco-action:startTime': dateTime(s.importedAt),
      'uco-action:performer': ref(unit),
      'uco-action:instrument': [ref(tool)],
      'uco-action:result': [ref(collected)],
    }),
  );
  d.custody.forEach((e, i) =>
    g.push({
      '@id': custodyIds[i],
      '@type': 'case-investigation:InvestigativeAction',
      'uco-core:name': e.command,
      'uco-core:description': [`audit event ${e.seq}${e.subject ? `: ${e.subject}` : ''}`],
      'uco-action:startTime': dateTime(e.at),
      'uco-action:performer': ref(performer(e.user)),
      'uco-action:instrument': [ref(tool)],
      'uco-action:object': [ref(collected)],
      ...(i > 0 ? { 'case-investigation:wasInformedBy': [ref(custodyIds[i - 1]!)] } : {}),
    }),
  );
  const sent = id('provenance-record', 'referral');
  g.push(
    {
      '@id': referralAction,
      '@type': 'case-investigation:InvestigativeAction',
      'uco-core:name': 'referral',
      'uco-core:description': [`referral package ${d.packageId} to ${d.country}`],
      'uco-action:performer': ref(unit),
      'uco-action:instrument': [ref(tool)],
      'uco-action:object': [ref(collected)],
      'uco-action:result': [ref(sent)],
      ...(custodyIds.length ? { 'case-investigation:wasInformedBy': [ref(custodyIds.at(-1)!)] } : {}),
    },
    {
      '@id': sent,
      '@type': 'case-investigation:ProvenanceRecord',
      'case-investigation:exhibitNumber': exhibit('REFERRAL'),
      'case-investigation:rootExhibitNumber': exhibit('COLLECTED'),
      'uco-core:object': [...d.targets.map((t) => accountOf(t.actor)), ...everything].map(ref),
    },
  );
  return { '@context': contextOf(d.packageId), '@graph': g };
}
