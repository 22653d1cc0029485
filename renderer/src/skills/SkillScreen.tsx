// `#/skills/:id`: a skill's versions (upload a new one, download one as a zip, delete one an agent does
// not load), the agents that load it, and deleting the skill once it has no versions.
import { useState } from 'react';
import { Download, MoreHorizontal, Trash2 } from 'lucide-react';
import {
  AboutSection,
  Badge,
  Banner,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  IconButton,
  LoadingState,
  Menu,
  MenuItem,
  PageBody,
  PageHeader,
  RelativeTime,
  Section,
  SkillIcon,
  UploadIcon,
} from '../ui/index.ts';
import { deleteSkill, deleteSkillVersion, DockhandError, readSkillVersion, useAgents, useSkill, useSkillVersions, type Skill, type SkillVersion } from '../data/index.ts';
import { downloadBase64 } from '../ui/download.ts';
import { ResourceGate } from '../app/ResourceGate.tsx';
import { href, navigate } from '../app/routes.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { UploadDialog } from './UploadDialog.tsx';

export function SkillScreen({ id }: { id: string }) {
  return (
    <ResourceGate loaded={useSkill(id)} noun="skill" crumbs={[{ label: 'Skills', href: href.skills() }]}>
      {(skill) => <SkillView skill={skill} />}
    </ResourceGate>
  );
}

type Pending = { what: 'version'; version: SkillVersion } | { what: 'skill' };
/** How an agent loads the skill: its newest version at each session, or one it pins. */
const pinned = (version: string | undefined) => (!version || version === 'latest' ? 'the latest version' : `version ${version}`);
const message = (err: unknown) => (err instanceof DockhandError ? err.message : String(err));

function SkillView({ skill }: { skill: Skill }) {
  const versions = useSkillVersions(skill.id);
  const agents = useAgents((s) => s.items).filter((a) => !a.archived_at && a.skills.some((s) => s.type === 'custom' && s.skill_id === skill.id));
  const [uploading, setUploading] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ title: string; message: string } | null>(null);
  useShortcut('new', () => setUploading(true));

  const none = versions.status === 'ready' && versions.items.length === 0;
  const run = async () => {
    if (!pending) return;
    setBusy(true);
    setRefusal(null);
    try {
      if (pending.what === 'version') await deleteSkillVersion(skill.id, pending.version.id);
      else {
        await deleteSkill(skill.id);
        navigate(href.skills());
      }
    } catch (err) {
      setRefusal({ title: pending.what === 'version' ? `Version ${pending.version.id} was not deleted` : `${skill.display_name} was not deleted`, message: message(err) });
    } finally {
      setBusy(false);
      setPending(null);
    }
  };
  const download = (v: SkillVersion) => void readSkillVersion(skill.id, v.id).then(
      (file) => downloadBase64(file.filename, file.data, file.mime_type),
      (err) => setRefusal({ title: `Version ${v.id} could not be downloaded`, message: message(err) }),
    );

  return (
    <div className="page">
      <PageHeader
        title={skill.display_name}
        crumbs={[{ label: 'Skills', href: href.skills() }]}
        actions={
          <>
            <Button variant="primary" icon={UploadIcon} onClick={() => setUploading(true)} title="Upload version (N)">
              Upload version
            </Button>
            <Menu trigger={<IconButton icon={MoreHorizontal} label="More skill actions" />} label="Skill actions">
              <MenuItem icon={Trash2} danger onSelect={() => setPending({ what: 'skill' })} disabled={!none}>
                {none ? 'Delete skill' : 'Delete skill (delete its versions first)'}
              </MenuItem>
            </Menu>
          </>
        }
      />
      <PageBody width="narrow">
        {refusal && (
          <Banner tone="danger" title={refusal.title} actions={<Button size="sm" onClick={() => setRefusal(null)}>Dismiss</Button>}>
            {refusal.message}
          </Banner>
        )}
        <Section title="Versions" description="Each upload is a version of its own and never changes. Agents load the one they pin, or the latest.">
          {versions.status === 'loading' ? (
            <LoadingState label="Loading versions…" />
          ) : versions.status === 'failed' ? (
            <ErrorState title="Could not load the versions" message={versions.error?.message} />
          ) : none ? (
            <EmptyState
              icon={SkillIcon}
              title="No versions left"
              actions={
                <>
                  <Button icon={UploadIcon} onClick={() => setUploading(true)}>
                    Upload version
                  </Button>
                  <Button icon={Trash2} variant="danger" onClick={() => setPending({ what: 'skill' })}>
                    Delete skill
                  </Button>
                </>
              }
            >
              Upload a new version to use this skill again, or delete it.
            </EmptyState>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">Versions of {skill.display_name}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.items.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <span className="cell-stack">
                        <span>
                          {v.name} {v.id === skill.latest_version_id && <Badge tone="accent">latest</Badge>}
                        </span>
                        <code className="cell-sub">{v.id}</code>
                      </span>
                    </th>
                    <td>{v.description}</td>
                    <td className="nowrap">
                      <RelativeTime iso={v.created_at} />
                    </td>
                    <td className="data-table-actions">
                      <Button size="sm" icon={Download} onClick={() => download(v)} aria-label={`Download version ${v.id}`}>
                        Download
                      </Button>
                      <IconButton icon={Trash2} size="sm" label={`Delete version ${v.id}`} onClick={() => setPending({ what: 'version', version: v })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title="Agents using this skill" description="Add a skill to an agent in its editor, under Skills.">
          {agents.length === 0 ? (
            <p className="section-note">No agent loads this skill.</p>
          ) : (
            <ul className="link-rows">
              {agents.map((a) => (
                <li key={a.id}>
                  <a href={href.agent(a.id)}>{a.name}</a>
                  <span className="muted">{pinned(a.skills.find((s) => s.skill_id === skill.id)?.version)}</span>
                  <RelativeTime iso={a.updated_at} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <AboutSection item={skill} />
      </PageBody>
      <UploadDialog open={uploading} onOpenChange={setUploading} skill={skill} />
      {pending && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setPending(null)}
          title={pending.what === 'version' ? `Delete version ${pending.version.id}?` : `Delete ${skill.display_name}?`}
          description={
            pending.what === 'version'
              ? `Its files are deleted. An agent that loads this version (or “latest”, when it is the only one) keeps it: Dockhand refuses. This cannot be undone.`
              : 'The skill has no versions left; it is deleted for good.'
          }
          confirmLabel={pending.what === 'version' ? 'Delete version' : 'Delete skill'}
          danger
          busy={busy}
          onConfirm={() => void run()}
        />
      )}
    </div>
  );
}
