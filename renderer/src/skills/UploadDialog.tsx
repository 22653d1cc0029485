// Uploads a skill (or a new version of one): a folder or one .zip, chosen or dropped; an optional
// display name for a new skill; progress while it is read and sent; core's refusal (no SKILL.md, `..`
// paths, bad frontmatter…) shown in its own words, with nothing kept.
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { FileArchive, FolderUp } from 'lucide-react';
import { Button, Dialog, Field, ProgressBar, TextInput } from '../ui/index.ts';
import { createSkill, createSkillVersion, DockhandError, type Skill } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';
import { describe, fromDrop, fromInput, isZip, MAX_UPLOAD_BYTES, readAll, type Picked } from './upload-files.ts';

type Stage = { step: 'idle' } | { step: 'reading'; share: number } | { step: 'sending' };

/** `skill` set: a new version of it; else a new skill, opened once made. */
export function UploadDialog({ open, onOpenChange, skill }: { open: boolean; onOpenChange: (open: boolean) => void; skill?: Skill }) {
  const formId = useId();
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked[]>([]);
  const [displayName, setDisplayName] = useState('');
  const [over, setOver] = useState(false);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const busy = stage.step !== 'idle';

  const reset = () => (setPicked([]), setDisplayName(''), setError(null), setStage({ step: 'idle' }));
  const close = (o: boolean) => {
    if (busy) return;
    onOpenChange(o);
    if (!o) reset();
  };
  const take = (files: Picked[]) => {
    setError(null);
    if (!files.length) return;
    if (files.length > 1 && files.some((f) => /\.zip$/i.test(f.path) && !f.path.includes('/'))) return setError('Choose one .zip, or a folder: not both.');
    setPicked(files);
  };
  const drop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(await fromDrop(e.dataTransfer));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!picked.length) return setError('Choose the skill’s folder or a .zip first.');
    const bytes = picked.reduce((n, p) => n + p.file.size, 0);
    if (bytes > MAX_UPLOAD_BYTES)
      return setError(`${describe(picked)} is more than the app sends in one upload (${(MAX_UPLOAD_BYTES / 1e6).toFixed(1)} MB). Upload it with the API (skills.create), which streams it.`);
    setError(null);
    try {
      setStage({ step: 'reading', share: 0 });
      const files = await readAll(picked, (share) => setStage({ step: 'reading', share }));
      setStage({ step: 'sending' });
      if (skill) await createSkillVersion(skill.id, files);
      else {
        const made = await createSkill(files, displayName.trim());
        navigate(href.skill(made.id));
      }
      setStage({ step: 'idle' });
      onOpenChange(false);
      reset();
    } catch (err) {
      setStage({ step: 'idle' });
      setError(err instanceof DockhandError ? err.message : String(err));
    }
  };

  const what = skill ? 'version' : 'skill';
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={skill ? `New version of ${skill.display_name}` : 'Upload a skill'}
      description={
        skill
          ? 'A folder or .zip whose SKILL.md has the same name. Earlier versions stay as they are; agents that load “latest” get this one.'
          : 'A folder (or a .zip of one) with a SKILL.md at its top. Its frontmatter names the skill and says, in its description, when an agent should use it.'
      }
      footer={
        <>
          <Button onClick={() => close(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            Upload {what}
          </Button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <div
          className={over ? 'drop-zone drop-zone-over' : 'drop-zone'}
          onDragOver={(e) => (e.preventDefault(), setOver(true))}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => void drop(e)}
          data-testid="skill-drop-zone"
        >
          <FolderUp size={24} aria-hidden="true" />
          <p>{picked.length ? <strong className="upload-picked">{describe(picked)}</strong> : 'Drop a skill folder or a .zip here, or'}</p>
          <div className="drop-zone-actions">
            <Button icon={FolderUp} onClick={() => folderInput.current?.click()} disabled={busy}>
              {picked.length && !isZip(picked) ? 'Choose another folder…' : 'Choose a folder…'}
            </Button>
            <Button icon={FileArchive} onClick={() => zipInput.current?.click()} disabled={busy}>
              {isZip(picked) ? 'Choose another .zip…' : 'Choose a .zip…'}
            </Button>
          </div>
          <input
            ref={folderInput}
            type="file"
            hidden
            aria-label="Skill folder"
            {...{ webkitdirectory: '' }}
            onChange={(e) => (take(fromInput(e.target.files)), (e.target.value = ''))}
          />
          <input ref={zipInput} type="file" hidden aria-label="Skill zip" accept=".zip,application/zip" onChange={(e) => (take(fromInput(e.target.files)), (e.target.value = ''))} />
        </div>
        {!skill && (
          <Field label="Display name" hint="Optional: how Dockhand lists it. Without one, the name in SKILL.md.">
            <TextInput value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="e.g. CSV reports" disabled={busy} maxLength={255} />
          </Field>
        )}
        {stage.step === 'reading' && <ProgressBar value={stage.share * 100} label="Reading the files…" />}
        {stage.step === 'sending' && <ProgressBar value={null} label="Uploading and checking…" />}
        {error && (
          <div className="upload-error" role="alert">
            <p>The {what} was not uploaded; nothing was kept.</p>
            <p className="upload-error-message">{error}</p>
          </div>
        )}
      </form>
    </Dialog>
  );
}
