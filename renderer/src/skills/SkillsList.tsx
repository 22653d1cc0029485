import { useState } from 'react';
import { Button, RelativeTime, SkillIcon, UploadIcon, type Column } from '../ui/index.ts';
import { useLatestVersion, useSkills, type Skill } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { ResourceList } from '../app/ResourceList.tsx';
import { UploadDialog } from './UploadDialog.tsx';

/** The skill's name in SKILL.md (its latest version's), or a dash while it loads or when it has no version. */
function Slug({ skill }: { skill: Skill }) {
  const latest = useLatestVersion(skill);
  return <code className="muted truncate">{latest?.name ?? '—'}</code>;
}

function Latest({ skill }: { skill: Skill }) {
  const latest = useLatestVersion(skill);
  return latest === undefined ? <span className="muted">…</span> : latest ? <code className="muted truncate">{latest.id}</code> : <span className="muted">No versions</span>;
}

const COLUMNS: Column<Skill>[] = [
  { id: 'name', header: 'Name in SKILL.md', width: 160, grow: 1, cell: (s) => <Slug skill={s} /> },
  { id: 'latest', header: 'Latest version', width: 150, cell: (s) => <Latest skill={s} />, drop: 2 },
  { id: 'updated', header: 'Updated', width: 96, cell: (s) => <RelativeTime iso={s.updated_at} />, drop: 1 },
];

/** Skills: the folders of instructions agents load when a task needs them; live, searchable, uploaded here. */
export function SkillsList() {
  const [uploading, setUploading] = useState(false);
  const upload = (
    <Button variant="primary" icon={UploadIcon} onClick={() => setUploading(true)} title="Upload skill (N)">
      Upload skill
    </Button>
  );
  return (
    <>
      <ResourceList
        list={useSkills()}
        title="Skills"
        noun="skill"
        description="Folders of instructions, scripts and files. An agent sees each skill’s name and description, and reads the rest only when a task needs it."
        onNew={() => setUploading(true)}
        actions={upload}
        searchIn={(s) => [s.display_name, s.id]}
        searchPlaceholder="Search by name or id"
        empty={{
          icon: SkillIcon,
          title: 'No skills yet',
          text: (
            <>
              A skill is a folder with a <code className="inline-code">SKILL.md</code> whose frontmatter gives its <code className="inline-code">name</code> and a{' '}
              <code className="inline-code">description</code> of when to use it, beside any scripts or files it needs. Upload the folder or a .zip of it, then add
              the skill to an agent: its sandbox gets it read-only under <code className="inline-code">/mnt/skills</code>.
            </>
          ),
        }}
        name={(s) => s.display_name}
        sub={(s) => s.id}
        href={(s) => href.skill(s.id)}
        columns={COLUMNS}
      />
      <UploadDialog open={uploading} onOpenChange={setUploading} />
    </>
  );
}
