// An agent's text as Markdown (GitHub flavoured), sanitised: raw HTML is dropped, never rendered,
// link targets go through react-markdown's safe-URL filter, and images show as links (nothing is
// fetched from an address the agent wrote).
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

const PLUGINS = [remarkGfm];

export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="md">
      <Markdown
        remarkPlugins={PLUGINS}
        skipHtml
        components={{
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer noopener">
              {children}
            </a>
          ),
          img: ({ src, alt }) => (typeof src === 'string' ? <a href={src} target="_blank" rel="noreferrer noopener">{alt || src}</a> : <span>{alt}</span>),
        }}
      >
        {text}
      </Markdown>
    </div>
  );
}
