/** @jsxImportSource react */
import { Fragment } from 'react';

export interface Detail {
  label: string;
  /** May hold several lines (a postal address); each line break becomes a <br/>. */
  value: string;
}

export interface DetailsTableProps {
  rows: Detail[];
}

const table = {
  width: '100%',
  borderCollapse: 'collapse',
  margin: '0 0 24px',
} as const;

const labelCell = {
  width: '40%',
  padding: '8px 12px 8px 0',
  borderBottom: '1px solid #e4e4e7',
  color: '#52525b',
  fontSize: '14px',
  fontWeight: 'normal',
  lineHeight: '20px',
  textAlign: 'left',
  verticalAlign: 'top',
} as const;

const valueCell = {
  padding: '8px 0',
  borderBottom: '1px solid #e4e4e7',
  color: '#18181b',
  fontSize: '14px',
  fontWeight: 'bold',
  lineHeight: '20px',
  verticalAlign: 'top',
  wordBreak: 'break-word',
} as const;

function Lines({ value }: { value: string }) {
  const lines = value.split(/\r\n|\r|\n/);
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </>
  );
}

/** Label/value pairs as a two-column table, in the order given. Every value is plain text. */
export function DetailsTable({ rows }: DetailsTableProps) {
  return (
    // dataTable keeps label and value side by side in the plain-text part (see renderCancellationEmail).
    <table cellPadding={0} cellSpacing={0} border={0} style={table} data-text-format="dataTable">
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <th scope="row" style={labelCell}>
              {row.label}
            </th>
            <td style={valueCell}>
              <Lines value={row.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
